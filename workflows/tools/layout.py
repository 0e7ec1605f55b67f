#!/usr/bin/env python3
"""Adds (or replaces) BPMN diagram interchange with a simple left-to-right layout, so that hand-written journey
models open in bpmn-js. Usage: python3 workflows/tools/layout.py workflows/dealer/*.bpmn"""
import sys
import xml.etree.ElementTree as ET

B = "http://www.omg.org/spec/BPMN/20100524/MODEL"
NS = {"bpmn": B, "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
      "dc": "http://www.omg.org/spec/DD/20100524/DC", "di": "http://www.omg.org/spec/DD/20100524/DI",
      "camunda": "http://camunda.org/schema/1.0/bpmn", "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
for p, u in NS.items():
    ET.register_namespace(p, u)
SIZES = {"startEvent": (36, 36), "endEvent": (36, 36), "intermediateCatchEvent": (36, 36),
         "intermediateThrowEvent": (36, 36), "boundaryEvent": (36, 36), "exclusiveGateway": (50, 50),
         "parallelGateway": (50, 50), "eventBasedGateway": (50, 50)}


def local(tag):
    return tag.split("}")[1]


def layout(path):
    tree = ET.parse(path)
    root = tree.getroot()
    for d in root.findall("bpmndi:BPMNDiagram", NS):
        root.remove(d)
    process = root.find("bpmn:process", NS)
    nodes, flows, boundaries = {}, [], {}
    for el in process:
        name = local(el.tag)
        if name == "sequenceFlow":
            flows.append(el)
        elif name == "boundaryEvent":
            boundaries[el.get("id")] = el
        elif name not in ("extensionElements", "documentation", "laneSet"):
            nodes[el.get("id")] = el
    out = {}
    for f in flows:
        out.setdefault(f.get("sourceRef"), []).append(f.get("targetRef"))
    # boundary events hang on their host: their targets follow the host
    host_of = {bid: b.get("attachedToRef") for bid, b in boundaries.items()}
    col, row = {}, {}
    next_row = [0]

    def visit(nid, c, r):
        if nid in col and col[nid] >= c:
            return
        first = nid not in row
        col[nid] = max(c, col.get(nid, 0))
        if first:
            row[nid] = r
        succ = list(out.get(nid, []))
        for i, t in enumerate(succ):
            if i == 0:
                visit(t, col[nid] + 1, row[nid])
            else:
                if t not in row:
                    next_row[0] += 1
                visit(t, col[nid] + 1, row[t] if t in row else next_row[0])
        for bid, host in host_of.items():
            if host == nid:
                for t in out.get(bid, []):
                    if t not in row:
                        next_row[0] += 1
                    visit(t, col[nid] + 1, row[t] if t in row else next_row[0])

    starts = [n for n, el in nodes.items() if local(el.tag) == "startEvent"]
    for s in starts:
        if s not in row:
            if row:
                next_row[0] += 1
            visit(s, 0, next_row[0])
    bounds = {}
    for nid, el in nodes.items():
        w, h = SIZES.get(local(el.tag), (100, 80))
        cx = 120 + col.get(nid, 0) * 170
        cy = 120 + row.get(nid, 0) * 140
        bounds[nid] = (cx - w / 2, cy - h / 2, w, h)
    for bid, b in boundaries.items():
        hx, hy, hw, hh = bounds[b.get("attachedToRef")]
        bounds[bid] = (hx + hw / 2 - 18, hy + hh - 18, 36, 36)
    diagram = ET.SubElement(root, "{%s}BPMNDiagram" % NS["bpmndi"], id="diagram_" + process.get("id"))
    plane = ET.SubElement(diagram, "{%s}BPMNPlane" % NS["bpmndi"], id="plane_" + process.get("id"),
                          bpmnElement=process.get("id"))
    for nid, (x, y, w, h) in bounds.items():
        shape = ET.SubElement(plane, "{%s}BPMNShape" % NS["bpmndi"], id=nid + "_di", bpmnElement=nid)
        if nid in nodes and local(nodes[nid].tag) == "exclusiveGateway":
            shape.set("isMarkerVisible", "true")
        ET.SubElement(shape, "{%s}Bounds" % NS["dc"], x=str(int(x)), y=str(int(y)), width=str(w), height=str(h))
    for f in flows:
        s, t = f.get("sourceRef"), f.get("targetRef")
        sx, sy, sw, sh = bounds[s]
        tx, ty, tw, th = bounds[t]
        edge = ET.SubElement(plane, "{%s}BPMNEdge" % NS["bpmndi"], id=f.get("id") + "_di", bpmnElement=f.get("id"))
        if s in boundaries:
            pts = [(sx + sw / 2, sy + sh), (sx + sw / 2, ty + th / 2), (tx, ty + th / 2)]
        else:
            x1, y1, x2, y2 = sx + sw, sy + sh / 2, tx, ty + th / 2
            if abs(y1 - y2) < 1:
                pts = [(x1, y1), (x2, y2)]
            elif x2 > x1:
                mid = x1 + 20
                pts = [(x1, y1), (mid, y1), (mid, y2), (x2, y2)]
            else:
                pts = [(x1, y1), (x1 + 20, y1), (x1 + 20, y2 - th), (x2 - 20, y2 - th), (x2 - 20, y2), (x2, y2)]
        for px, py in pts:
            ET.SubElement(edge, "{%s}waypoint" % NS["di"], x=str(int(px)), y=str(int(py)))
    ET.indent(tree, space="  ")
    tree.write(path, xml_declaration=True, encoding="UTF-8")


for p in sys.argv[1:]:
    layout(p)
    print("laid out", p)
