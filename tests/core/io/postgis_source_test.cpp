// Connection strings as Zila shows them (password masked) and stores them (password removed): no
// server needed; tests/postgis/postgis_test.sh checks the messages of a real one.
#include <catch2/catch.hpp>

#include <string>

#include "core/io/postgis_source.hpp"

using zila::mask_password;
using zila::without_password;

TEST_CASE("without_password removes the password of every form of connection string") {
  CHECK(without_password("PG:host=/tmp/s user=zila password=s3cret dbname=ops") == "PG:host=/tmp/s user=zila dbname=ops");
  CHECK(without_password("PG:password=s3cret host=db") == "PG:host=db");
  CHECK(without_password("PG:host=db password = 's3 cr\\'et'") == "PG:host=db");
  CHECK(without_password("pg:dbname=ops PASSWORD=s3cret") == "pg:dbname=ops");
  CHECK(without_password("PG:postgresql://zila:s3cret@db.example/ops?sslmode=require") ==
        "PG:postgresql://zila@db.example/ops?sslmode=require");
  CHECK(without_password("PG:postgres://zila@db/ops?password=s3cret&host=/run/pg") == "PG:postgres://zila@db/ops?host=/run/pg");
  CHECK(without_password("PG:postgresql:///ops?host=/run/pg&password=s3cret") == "PG:postgresql:///ops?host=/run/pg");
  // Nothing else changes: a service, a user called password, files.
  CHECK(without_password("PG:service=events") == "PG:service=events");
  CHECK(without_password("PG:dbname=ops user=password_admin") == "PG:dbname=ops user=password_admin");
  CHECK(without_password("/data/password=1.csv") == "/data/password=1.csv");
}

TEST_CASE("mask_password hides the password in messages but keeps the rest") {
  CHECK(mask_password("PG:host=db password=s3cret dbname=ops: cannot connect") == "PG:host=db password=*** dbname=ops: cannot connect");
  CHECK(mask_password("PG:postgresql://zila:s3cret@db/ops") == "PG:postgresql://zila:***@db/ops");
  CHECK(mask_password("PG:service=events") == "PG:service=events");
}
