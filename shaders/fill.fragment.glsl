#version 130
// The colour of each district lives in a district_count x 1 texture: the time slider rewrites only
// that texture. texelFetch avoids any filtering or half-texel arithmetic.
uniform sampler2D u_colors;
uniform int u_highlight;  // district index, -1 for none
flat in int v_district;

void main() {
  vec4 color = texelFetch(u_colors, ivec2(v_district, 0), 0);
  if (v_district == u_highlight) color.rgb = mix(color.rgb, vec3(1.0), 0.3);
  gl_FragColor = color;
}
