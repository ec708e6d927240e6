// libpq behind DatabaseConnection (see postgis_connection.hpp).
#include "core/io/postgis_connection.hpp"

#include <fmt/core.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/io/postgis_source.hpp"

namespace zila {
namespace {

std::string trimmed_message(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

DatabaseConnection::DatabaseConnection(const std::string& path, const EventOptions& options) {
  source_ = mask_password(path) + (!options.layer.empty() ? " table " + options.layer : !options.sql.empty() ? " (--events-sql query)" : "");
  connection_.reset(PQconnectdb(path.substr(3).c_str()));
  if (!connection_ || PQstatus(connection_.get()) != CONNECTION_OK) fail("cannot connect to the database");
  connected_ = true;
  if (PQsetClientEncoding(connection_.get(), "UTF8") != 0) fail("cannot set the client encoding to UTF-8");
  // Dates as text in ISO order ('2024-03-05'), which the core's date parser reads as such.
  run("SET DateStyle = 'ISO'", {}, "setting the date style");
  // The grouping query's many CASE keys cost the JIT compiler seconds per process (measured at 1M rows:
  // about 3 s of 13 s) for little gain on one scan; this session only.
  run("SET jit = off", {}, "turning off the JIT compiler");
}

void DatabaseConnection::fail(const std::string& what) const {
  const bool lost = connected_ && PQstatus(connection_.get()) == CONNECTION_BAD;
  throw Error(mask_password(fmt::format("{}: {}{}: {}", source_, what, lost ? " (the connection to the database was lost)" : "",
                                        trimmed_message(connection_ ? PQerrorMessage(connection_.get()) : "out of memory"))));
}

std::string DatabaseConnection::identifier(const std::string& name) const {
  char* quoted = PQescapeIdentifier(connection_.get(), name.c_str(), name.size());
  if (!quoted) fail(fmt::format("cannot quote the name '{}'", name));
  std::string out(quoted);
  PQfreemem(quoted);
  return out;
}

ResultPtr DatabaseConnection::run(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what) const {
  std::vector<const char*> values;
  for (const std::string& p : parameters) values.push_back(p.c_str());
  ResultPtr result(PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, 0));
  ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(what);
  return result;
}

void DatabaseConnection::stream(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what,
                                const std::function<void(const PGresult&)>& on_row) const {
  std::vector<const char*> values;
  for (const std::string& p : parameters) values.push_back(p.c_str());
  if (!PQsendQueryParams(connection_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                         nullptr, 0)) {
    fail(what);
  }
  if (!PQsetSingleRowMode(connection_.get())) fail(what);
  bool failed = false;
  while (ResultPtr result{PQgetResult(connection_.get())}) {
    ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_SINGLE_TUPLE) {
      if (!failed) on_row(*result);
    } else if (status != PGRES_TUPLES_OK) {
      failed = true;  // libpq wants the results drained before the connection is reused or closed
    }
  }
  if (failed) fail(what);
}

std::string text_value(const PGresult& result, int row, int column) {
  return PQgetisnull(&result, row, column) ? std::string() : std::string(PQgetvalue(&result, row, column));
}

}  // namespace zila
