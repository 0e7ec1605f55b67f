package io.genkend.journey;

import java.util.List;

/**
 * What a vertical pack contributes to its tenants' journeys. A pack module declares one bean; the journey module
 * deploys its models to every tenant created with the pack ({@link io.genkend.tenancy.TenantCreated}) and, at
 * start-up, to existing tenants of the pack (an unchanged model is not deployed again).
 */
public interface JourneyPack {

    /** @return the pack's name, as in {@code tenant.pack}: {@code bank}, {@code grocer}, {@code dealer} */
    String name();

    /** @return classpath locations of its BPMN and DMN models, such as {@code workflows/dealer/windscreen.bpmn} */
    List<String> models();
}
