# Writes every GLSL file given in SHADERS into OUT as `inline constexpr std::string_view` constants
# named after the file (fill.vertex.glsl -> zila::shaders::fill_vertex). Run with cmake -P.
set(content "// Generated from shaders/*.glsl by src/render/embed_shaders.cmake. Do not edit.\n#pragma once\n#include <string_view>\n\nnamespace zila::shaders {\n")
foreach(path IN LISTS SHADERS)
  get_filename_component(name "${path}" NAME)
  string(REGEX REPLACE "\\.glsl$" "" name "${name}")
  string(REPLACE "." "_" name "${name}")
  file(READ "${path}" glsl)
  string(APPEND content "\ninline constexpr std::string_view ${name} = R\"zila_glsl(${glsl})zila_glsl\";\n")
endforeach()
string(APPEND content "\n}  // namespace zila::shaders\n")
file(WRITE "${OUT}" "${content}")
