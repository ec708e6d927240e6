// `zila report`: the whole pipeline headless; a long CSV and a join report.
#include <fmt/core.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/report.hpp"
#include "data_flags.hpp"

namespace zila {

void register_report_command(CLI::App& zila) {
  struct Settings {
    PipelineOptions data = default_pipeline_options();
    std::string out = "-";
    std::string join_report;
    bool zeros = false;
    bool quiet = false;
  };
  auto settings = std::make_shared<Settings>();
  CLI::App* command = zila.add_subcommand("report", "Join events to districts and write counts per district and period");
  add_data_flags(*command, settings->data);
  command->add_option("--out,-o", settings->out, "Long CSV (district,period,events,...); '-' for standard output")->capture_default_str();
  command->add_option("--join-report", settings->join_report, "Write the join report (row accounting, unmatched names) as JSON");
  command->add_flag("--zeros", settings->zeros, "Include district x period cells without events");
  command->add_flag("--quiet,-q", settings->quiet, "No summary on standard error");
  command->callback([settings] {
    finish_data_flags(settings->data);
    Dataset data = run_pipeline(settings->data);
    if (settings->out == "-") {
      write_long_csv(std::cout, data, settings->zeros);
    } else {
      std::ofstream file(settings->out);
      if (!file) throw Error(fmt::format("cannot write '{}'", settings->out));
      write_long_csv(file, data, settings->zeros);
    }
    if (!settings->join_report.empty()) {
      std::ofstream file(settings->join_report);
      if (!file) throw Error(fmt::format("cannot write '{}'", settings->join_report));
      file << join_report_json(data, settings->data).dump(2) << "\n";
    }
    if (!settings->quiet) fmt::print(stderr, "{}", join_summary(data));
  });
}

}  // namespace zila
