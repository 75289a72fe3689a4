// the exit code of the test's crashing sink (test/helpers/import-crashing-sink.ts)
export const SINK_CRASH_EXIT = 86;
