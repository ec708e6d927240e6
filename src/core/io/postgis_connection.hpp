// One connection to the events' database (libpq): fixed SQL with values bound as parameters, results
// whole or streamed a row at a time, every error naming the source with the password masked.
#pragma once
#include <libpq-fe.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/io/event_options.hpp"

namespace zila {

struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;

class DatabaseConnection {
 public:
  // `path` is a "PG:" connection string; `options` name the table or query (for the messages).
  DatabaseConnection(const std::string& path, const EventOptions& options);

  // The connection string (password masked) and the table or query, as every message names it.
  const std::string& source() const { return source_; }

  // Throws zila::Error naming the source, `what` was being done, a lost connection and libpq's message.
  [[noreturn]] void fail(const std::string& what) const;

  // A quoted identifier ("Killed Max"), whatever the name holds.
  std::string identifier(const std::string& name) const;

  // Runs fixed SQL with bound text parameters; throws naming `what` unless it succeeds.
  ResultPtr run(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what) const;

  // Streams a query's rows one at a time (libpq's single-row mode: memory independent of the row count).
  void stream(const std::string& sql, const std::vector<std::string>& parameters, const std::string& what,
              const std::function<void(const PGresult&)>& on_row) const;

 private:
  struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
  };
  std::string source_;
  std::unique_ptr<PGconn, ConnectionCloser> connection_;
  bool connected_ = false;  // a failure after this point with a bad connection is a lost connection
};

// A field as text; empty for NULL.
std::string text_value(const PGresult& result, int row, int column);

}  // namespace zila
