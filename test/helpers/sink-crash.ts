// what the test's crashing sink (test/helpers/import-crashing-sink.ts) prints as it kills itself: a SIGKILL, as a
// crash comes (no exit handlers, ClickHouse queries of the refresher still in flight)
export const SINK_CRASH_MARK = 'sink-crash: killed after the insert into price_observations_store, before its commit';
