"""QGIS peer for `zila bench`: the frame row's choropleth rendered by QGIS on the CPU at 1920x1080.

`zila bench` writes the choropleth its frame rows draw (CHOROPLETH.json: the boundary file, Zila's
display CRS and extent, each district's value and colour, the classes with their bounds and colours,
the outline's colour and width; src/app/bench_gl.cpp). This script loads the same boundaries with
QGIS, projects them once into that CRS (a memory layer, so no frame pays a reprojection: the geometry
is ready to draw, as Zila's is), gives them a graduated renderer over the same values, bounds and
colours with the same outlines, checks that QGIS paints every district in Zila's colour, and renders
the extent with QgsMapRendererSequentialJob (one thread, QGIS's default antialiasing) REPS times
after WARMUP renders. Only the renders are timed, not the loading.

Usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_peer.py CHOROPLETH.json [REPS [WARMUP [OUT.png]]]
  -> one JSON line: median_ms, min_ms (of the warm renders), first_ms (the first render), qgis.
"""
import json
import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed

from qgis.PyQt.QtCore import QSize, QVariant
from qgis.PyQt.QtGui import QColor
from qgis.core import (Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature,
                       QgsField, QgsFillSymbol, QgsGraduatedSymbolRenderer, QgsMapRendererSequentialJob,
                       QgsMapSettings, QgsProject, QgsRectangle, QgsRenderContext, QgsRendererRange,
                       QgsVectorLayer)


def fail(message):
    print(f"qgis_peer: {message}", file=sys.stderr)
    sys.exit(1)


def rgba(color):
    return ",".join(str(c) for c in (list(color) + [255])[:4])


spec_path = sys.argv[1]
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
warmup = int(sys.argv[3]) if len(sys.argv) > 3 else 3
out_png = sys.argv[4] if len(sys.argv) > 4 else ""
with open(spec_path) as file:
    spec = json.load(file)

app = QgsApplication([], False)
app.initQgis()

source_uri = spec["boundaries"] + (f"|layername={spec['layer']}" if spec.get("layer") else "")
source = QgsVectorLayer(source_uri, "source", "ogr")
if not source.isValid():
    fail(f"{source_uri}: QGIS cannot read it")
crs = QgsCoordinateReferenceSystem.fromProj(spec["display_crs"])
if not crs.isValid():
    fail(f"QGIS does not take Zila's display CRS: {spec['display_crs']}")

# The districts in Zila's order: its features in file order, less those Zila rejected (no usable
# geometry, so skipped here when they have none or are not the next district by name); projected once.
names, values, colors = spec["names"], spec["values"], spec["district_colors"]
features = []
for feature in source.getFeatures():
    if len(features) < len(names) and feature.hasGeometry() and str(feature[spec["name_field"]]) == names[len(features)]:
        features.append(feature)
if len(features) != len(names):
    fail(f"QGIS finds {len(features)} of Zila's {len(names)} districts in {spec['boundaries']} "
         f"(the first missing: {names[len(features)]!r})")
layer = QgsVectorLayer("MultiPolygon", "districts", "memory")
layer.setCrs(crs)
provider = layer.dataProvider()
provider.addAttributes([QgsField("value", QVariant.Double)])
layer.updateFields()
to_display = QgsCoordinateTransform(source.crs(), crs, QgsProject.instance())
projected = []
for feature, value in zip(features, values):
    geometry = feature.geometry()
    geometry.transform(to_display)
    out = QgsFeature(layer.fields())
    out.setGeometry(geometry)
    out.setAttributes([value])  # None (no data) is NULL: no class, as no colour
    projected.append(out)
provider.addFeatures(projected)

outline = spec["outline"]
ranges = []
for c in spec["classes"]:
    symbol = QgsFillSymbol.createSimple({"color": rgba(c["color"]), "outline_color": rgba(outline["color"]),
                                         "outline_width": str(outline["width_px"]), "outline_width_unit": "Pixel"})
    ranges.append(QgsRendererRange(c["lower"], c["upper"], symbol, f"{c['lower']:g} - {c['upper']:g}"))
layer.setRenderer(QgsGraduatedSymbolRenderer("value", ranges))

settings = QgsMapSettings()
settings.setLayers([layer])
settings.setDestinationCrs(crs)
settings.setOutputSize(QSize(spec["width"], spec["height"]))
settings.setExtent(QgsRectangle(*spec["extent"]))
settings.setBackgroundColor(QColor(*spec["background"]))

# Same picture: QGIS's class colour of every district is the colour Zila paints it.
context = QgsRenderContext.fromMapSettings(settings)
renderer = layer.renderer()
renderer.startRender(context, layer.fields())
wrong = []
for name, feature, want in zip(names, layer.getFeatures(), colors):
    symbol = renderer.symbolForFeature(feature, context)
    got = symbol.color().getRgb()[:3] if symbol else None
    if got != tuple(want[:3]):
        wrong.append(f"{name}: QGIS {got}, Zila {tuple(want[:3])}")
renderer.stopRender(context)
if wrong:
    fail(f"{len(wrong)} districts coloured unlike Zila's frame: " + "; ".join(wrong[:5]))

times = []
for _ in range(warmup + reps):
    start = time.perf_counter()
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    times.append((time.perf_counter() - start) * 1e3)
    image = job.renderedImage()
if image.isNull() or image.width() != spec["width"]:
    fail("QGIS rendered no image")
if out_png and not image.save(out_png):
    fail(f"{out_png}: cannot write")
warm = times[warmup:] or times
print(json.dumps({"median_ms": statistics.median(warm), "min_ms": min(warm), "first_ms": times[0],
                  "renders": len(warm), "districts": len(projected), "qgis": Qgis.QGIS_VERSION}))
# The layers go before QGIS does: PyQGIS crashes at exit when they outlive exitQgis().
del job, renderer, context, layer, source, projected, features
app.exitQgis()
