#version 130
// Antialiasing by coverage: full inside the stroke, fading over one pixel at its edges. Strokes
// thinner than a pixel are drawn one pixel wide with proportionally less opacity.
uniform vec4 u_color;
uniform float u_stroke;       // stroke width in pixels
uniform float u_half_extent;  // as in the vertex shader
in float v_across;

void main() {
  float from_centre = abs(v_across) * u_half_extent;
  float width = max(u_stroke, 1.0);
  float coverage = clamp(width * 0.5 + 0.5 - from_centre, 0.0, 1.0) * min(u_stroke, 1.0);
  gl_FragColor = vec4(u_color.rgb, u_color.a * coverage);
}
