// DuckDB peer for `zila bench` (@duckdb/node-api, 2 threads): read_csv + GROUP BY district, month.
// Usage: node duckdb_peer.mjs EVENTS.csv   -> one JSON line of timings (ms).
import { DuckDBInstance } from '@duckdb/node-api';

const csv = process.argv[2].replaceAll("'", "''");
const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
const connection = await instance.connect();
const start = performance.now();
const reader = await connection.runAndReadAll(
  `SELECT district, date_trunc('month', date) AS month, count(*) AS n
     FROM read_csv('${csv}') GROUP BY district, month`);
const cells = reader.getRows().length;
console.log(JSON.stringify({ total_ms: performance.now() - start, cells }));
