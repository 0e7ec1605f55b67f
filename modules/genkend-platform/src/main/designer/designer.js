// Entry of the journey designer bundle (static/designer/designer.js): bpmn-js's modeler with the Camunda 7
// properties panel, the step library's element templates and a template chooser. Exposed as window.GenkendDesigner;
// the page logic (loading, validating, deploying) lives in static/js/designer-page.js and needs no rebuild.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import CamundaPlatformBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

/**
 * Creates a modeler.
 *
 * @param {{ canvas: HTMLElement, properties: HTMLElement, templates: object[] }} options
 * @returns {BpmnModeler}
 */
export function createModeler({ canvas, properties, templates }) {
  return new BpmnModeler({
    container: canvas,
    keyboard: { bindTo: document },
    propertiesPanel: { parent: properties },
    elementTemplates: templates || [],
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      CamundaPlatformPropertiesProviderModule,
      CamundaPlatformBehaviorsModule,
      ElementTemplatesPropertiesProviderModule,
      ElementTemplateChooserModule
    ],
    moddleExtensions: { camunda: camundaModdle }
  });
}
