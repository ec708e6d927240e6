#include "render/slide_svg.hpp"

#include <fmt/core.h>

#include "core/error.hpp"
#include "core/io/output_file.hpp"

namespace zila {
namespace {

std::string color(Rgba c) { return fmt::format("#{:02x}{:02x}{:02x}", c.r, c.g, c.b); }
std::string opacity(const char* attribute, Rgba c) {
  return c.a == 255 ? std::string() : fmt::format(" {}=\"{:.3g}\"", attribute, c.a / 255.0);
}

std::string escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// All rings of one feature as one path; 0.01 px precision keeps files small and shapes exact.
std::string feature_path(const PolygonSet& set, size_t feature, const ViewTransform& view, double x0, double y0) {
  std::string d;
  for (uint32_t p = set.feature_offsets[feature]; p < set.feature_offsets[feature + 1]; ++p)
    for (uint32_t r = set.polygon_offsets[p]; r < set.polygon_offsets[p + 1]; ++r) {
      auto ring = set.ring(r);
      for (size_t i = 0; i < ring.size(); ++i) {
        Point px = view.to_pixel(ring[i]);
        d += fmt::format("{}{:.2f} {:.2f}", i == 0 ? "M" : "L", px.x + x0, px.y + y0);
      }
      if (!ring.empty()) d += "Z";
    }
  return d;
}

void write_text(std::string& out, const TextItem& t) {
  if (t.text.empty()) return;
  const char* anchor = t.anchor == Anchor::left ? "start" : t.anchor == Anchor::center ? "middle" : "end";
  std::string halo = t.halo_px > 0 ? fmt::format(" stroke=\"#ffffff\" stroke-opacity=\"0.92\" stroke-width=\"{:.2f}\" "
                                                 "stroke-linejoin=\"round\" paint-order=\"stroke\"",
                                                 2 * t.halo_px)
                                   : std::string();
  out += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"{:.2f}\"{} text-anchor=\"{}\" fill=\"{}\"{}{}>{}</text>\n",
                     t.x, t.baseline, t.px, t.bold ? " font-weight=\"bold\"" : "", anchor, color(t.color),
                     opacity("fill-opacity", t.color), halo, escape(t.text));
}


// One map (the slide's or an inset) clipped to its box: countries, district fills, outlines.
void write_map(std::string& out, const SlideLayout& s, const ViewTransform& view, double x0, double y0,
               const std::vector<Rgba>& colors, double line_scale, const Boundaries& districts,
               const Boundaries* provinces, const Boundaries* countries, const std::string& clip_id) {
  out += fmt::format("<clipPath id=\"{0}\"><rect x=\"{1:.2f}\" y=\"{2:.2f}\" width=\"{3:.2f}\" height=\"{4:.2f}\"/>"
                     "</clipPath>\n<g clip-path=\"url(#{0})\" stroke-linejoin=\"round\">\n",
                     clip_id, x0, y0, view.width, view.height);
  const MapStyle& st = s.style;
  auto outlines = [&](const Boundaries& b, Rgba c, double width) {
    out += fmt::format("<g fill=\"none\" stroke=\"{}\"{} stroke-width=\"{:.2f}\">\n", color(c),
                       opacity("stroke-opacity", c), width);
    for (size_t f = 0; f < b.projected.feature_count(); ++f)
      out += fmt::format("<path d=\"{}\"/>\n", feature_path(b.projected, f, view, x0, y0));
    out += "</g>\n";
  };
  if (countries) {
    const Rgb c = kContextColor;
    out += fmt::format("<g fill-rule=\"evenodd\" fill=\"{}\">\n", color({c.r, c.g, c.b, 255}));
    for (size_t f = 0; f < countries->size(); ++f)
      out += fmt::format("<path d=\"{}\"/>\n", feature_path(countries->projected, f, view, x0, y0));
    out += "</g>\n";
    outlines(*countries, {90, 90, 90, 255}, 1.6 * line_scale);
  }
  out += "<g fill-rule=\"evenodd\">\n";
  for (size_t f = 0; f < districts.size(); ++f) {
    Rgba c = f < colors.size() ? colors[f] : Rgba{0, 0, 0, 0};
    if (c.a == 0) continue;
    out += fmt::format("<path fill=\"{}\"{} d=\"{}\"><title>{}</title></path>\n", color(c), opacity("fill-opacity", c),
                       feature_path(districts.projected, f, view, x0, y0), escape(districts.names[f]));
  }
  out += "</g>\n";
  outlines(districts, st.district_outline, st.district_outline_px * line_scale);
  if (provinces) outlines(*provinces, st.province_outline, st.province_outline_px * line_scale);
  out += "</g>\n";
}

}  // namespace

std::string slide_svg(const SlideLayout& s, const Boundaries& districts, const Boundaries* provinces,
                      const Boundaries* countries) {
  std::string out = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Verdana, sans-serif\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"{2}\"/>\n",
      s.width, s.height, color(s.background));
  write_map(out, s, s.view, s.map_x, s.map_y, s.district_colors, s.style.line_scale, districts, provinces, countries,
            "map");
  for (size_t i = 0; i < s.insets.size(); ++i) {
    const InsetItem& inset = s.insets[i];
    out += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"#ffffff\"/>\n",
                       inset.x, inset.y, inset.view.width, inset.view.height);
    write_map(out, s, inset.view, inset.x, inset.y, inset.district_colors, s.style.line_scale * 0.5, districts,
              provinces, countries, fmt::format("inset{}", i));
  }

  for (const RectItem& r : s.rects)
    out += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"{}{}/>\n", r.x, r.y,
                       r.w, r.h, color(r.fill), opacity("fill-opacity", r.fill),
                       r.stroke_px > 0 ? fmt::format(" stroke=\"{}\" stroke-width=\"{:.2f}\"", color(r.stroke), r.stroke_px)
                                       : std::string());
  for (const PolygonItem& p : s.polygons) {
    std::string points;
    for (const Point& pt : p.points) points += fmt::format("{:.2f},{:.2f} ", pt.x, pt.y);
    out += fmt::format("<polygon points=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"{:.2f}\" stroke-linejoin=\"round\"/>\n",
                       points, color(p.fill), color(p.stroke), p.stroke_px);
  }
  for (const LineItem& l : s.lines) {
    out += fmt::format("<line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"{}\" stroke-width=\"{:.2f}\"/>\n",
                       l.from.x, l.from.y, l.to.x, l.to.y, color(l.color), l.width_px);
    if (l.dot_px > 0)
      out += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"{:.2f}\" fill=\"{}\"/>\n", l.from.x, l.from.y, l.dot_px,
                         color(l.color));
  }
  for (const TextItem& t : s.texts) write_text(out, t);
  out += "</svg>\n";
  return out;
}

void save_svg(const SlideLayout& layout, const Boundaries& districts, const Boundaries* provinces,
              const std::string& path, const Boundaries* countries) {
  OutputFile file(path);
  file.stream() << slide_svg(layout, districts, provinces, countries);
  file.commit();
}

}  // namespace zila
