// zila: one CLI with subcommands. The map window is the default when no subcommand is given.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/io/postgis_source.hpp"
#include "core/io/output_file.hpp"

int main(int argc, char** argv) {
  CLI::App zila{"Zila: security events district by district"};
  zila.require_subcommand(0, 1);
  zila::register_view_command(zila);
  zila::register_report_command(zila);
  zila::register_render_command(zila);
  zila::register_bench_command(zila);
  try {
    zila.parse(argc, argv);
    zila::finish_stdout();  // a full disk or `> /dev/full` under standard output is a failure too
  } catch (const CLI::ParseError& e) {
    return zila.exit(e);
  } catch (const zila::Error& e) {
    fmt::print(stderr, "zila: {}\n", zila::mask_password(e.what()));  // a last guard: no password in any message
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "zila: unexpected error: {}\n", e.what());
    return 1;
  }
  return 0;
}
