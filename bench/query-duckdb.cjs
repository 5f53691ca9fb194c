// query-duckdb.cjs: the `defspend list --year Y --threshold 2 --format csv`
// question in DuckDB, for bench/run: the members' rows for one year, ranked
// by share, with the gap to 2% of GDP in points and in millions of US
// dollars, printed as defspend prints them (bench/run checks the bytes).
//
//   node bench/query-duckdb.cjs FILE YEAR
//
// One SELECT over read_csv_auto, as a DuckDB user would write it.  The
// figures are read as DECIMAL rather than DOUBLE so that the dollar gap is
// exact (DuckDB rounds a DECIMAL half away from zero, as defspend does);
// DuckDB uses every core.  The package @duckdb/node-api is not part of the
// project: bench/run installs it with npm into build/bench/npm/ and points
// NODE_PATH there (CommonJS, so that NODE_PATH is honoured).
const { DuckDBInstance } = require('@duckdb/node-api');

const [file, year] = process.argv.slice(2);
if (!file || !year) {
	console.error('usage: node bench/query-duckdb.cjs FILE YEAR');
	process.exit(64);
}
const quote = (s) => "'" + s.replace(/'/g, "''") + "'";
const sql = `
COPY (
  SELECT rank() OVER (ORDER BY pct_gdp DESC) AS rank,
         iso3, country, year, pct_gdp,
         estimate = 1 AS estimate,
         pct_gdp >= 2 AS meets_2,
         greatest(2 - pct_gdp, 0)::DECIMAL(18, 2) AS gap_2_pp,
         CASE WHEN pct_gdp >= 2 THEN 0
              ELSE round((2 - pct_gdp) * gdp_usd_bn * 10, 0)::BIGINT END AS gap_2_usd_m
  FROM read_csv_auto(${quote(file)},
                     types = {'pct_gdp': 'DECIMAL(18, 2)', 'gdp_usd_bn': 'DECIMAL(18, 6)'})
  WHERE year = ${Number(year)}
  ORDER BY pct_gdp DESC, country
) TO '/dev/stdout' (FORMAT csv, HEADER true)`;

(async () => {
	const db = await DuckDBInstance.create(':memory:');
	const con = await db.connect();
	await con.run(sql);
})().catch((e) => {
	console.error('query-duckdb: ' + e.message);
	process.exit(70);
});
