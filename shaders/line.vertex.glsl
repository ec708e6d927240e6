#version 130
// Strokes of constant pixel width at any zoom: both vertices of a ring point sit on the centre line
// and are pushed sideways in clip space by their miter vector (texCoords: map units, y up, length
// >= 1, sign = side). Map y up and clip y up agree, so no flip is needed.
uniform vec2 u_viewport;     // target viewport in pixels
uniform float u_half_extent; // half the stroke plus the antialiasing feather, in pixels
out float v_across;          // -1 .. 1 across the stroke

void main() {
  vec4 p = gl_ModelViewProjectionMatrix * gl_Vertex;
  p.xy += gl_MultiTexCoord0.xy * (2.0 * u_half_extent / u_viewport) * p.w;
  gl_Position = p;
  v_across = gl_Color.r * 2.0 - 1.0;
}
