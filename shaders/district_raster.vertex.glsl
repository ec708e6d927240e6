#version 130
// One quad over the districts' extent; texCoords: the position in texels of the district raster.
out vec2 v_texel;

void main() {
  gl_Position = gl_ModelViewProjectionMatrix * gl_Vertex;
  v_texel = gl_MultiTexCoord0.xy;
}
