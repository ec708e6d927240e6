// Events in PostgreSQL/PostGIS ("PG:" connection strings, GDAL's syntax): the name join's aggregation
// runs in the database and only groups of rows come back; Zila applies its own rules to each group.
#pragma once
#include <string>

#include "core/pipeline.hpp"

namespace zila {

// "PG:dbname=... host=..." (any case of the prefix), as GDAL's PostgreSQL driver names a database.
bool is_database_source(const std::string& path);

// The connection string or message with every password (password=..., postgresql://user:PASSWORD@)
// replaced by ***. Every message naming a database source goes through it.
std::string mask_password(const std::string& text);

// The connection string without its password (the keyword and its value removed, the user:PASSWORD@
// of a URI becoming user@), for what is stored: project files. libpq then takes the password from
// ~/.pgpass, PGPASSWORD or a service file. Text that is not a database source is returned unchanged.
std::string without_password(const std::string& source);

// True when run_pipeline hands the events to aggregate_in_database: a database source joined by name
// or by coordinates, unless options.push_down is off (then its rows are read through GDAL). The hybrid join reads a database layer row by row through GDAL (load_events);
// --events-sql with it throws zila::Error.
bool aggregates_in_database(const PipelineOptions& options);

// The name join pushed down: a first query lists the distinct texts of the date, place, category, count
// and fatalities columns, which Zila reads once each (core/io/postgis_values.hpp); the grouping query
// gets them back as bound arrays and groups the rows by class (period of options.bin, firm district and
// method, category; counts and fatalities added up), returning each group's row count. Each group is
// parsed once by the same row rules as a file (RowReader) and each distinct place matched once by
// `matcher`; text the rules reject keeps its own group, so rejections keep their reasons. The coordinates join writes the districts to a temporary table and the database
// places the points strictly inside one district (ST_Covers/ST_Contains with its spatial index); points
// on a border, outside, swapped or not plain numbers come back one by one for Zila's own locator, so
// the border rule (and swapping, snapping) stays the local join's. Fills data.events (one entry per accepted group; one rejected entry per
// group, row 0 as a query has no row numbers, standing for the group's rows), data.join (rows weighted by group size, so joined + unmatched +
// rejected = rows in the source) and data.cube (the core's periods and cells). Throws zila::Error
// naming the source (password masked) when it cannot connect, the table is missing, a column has a
// type that cannot hold its role, or the connection is lost during the query.
void aggregate_in_database(Dataset& data, const PipelineOptions& options, const NameMatcher& matcher);

}  // namespace zila
