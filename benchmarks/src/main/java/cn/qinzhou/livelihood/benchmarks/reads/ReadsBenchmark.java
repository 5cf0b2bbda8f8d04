package cn.qinzhou.livelihood.benchmarks.reads;

import cn.qinzhou.livelihood.benchmarks.fixtures.BenchProjects;
import cn.qinzhou.livelihood.benchmarks.fixtures.ProjectPool;
import cn.qinzhou.livelihood.benchmarks.fixtures.ReportBodies;
import cn.qinzhou.livelihood.benchmarks.footprint.CpuMeter;
import cn.qinzhou.livelihood.benchmarks.load.ClosedLoop;
import cn.qinzhou.livelihood.benchmarks.load.LoadResult;
import cn.qinzhou.livelihood.benchmarks.load.WarmUp;
import cn.qinzhou.livelihood.benchmarks.results.Results;
import cn.qinzhou.livelihood.testsupport.Tokens;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Reads at 32 connections, driven by wrk (C, one thread: a few percent of a core, printed apart), each read beside
 * the cheapest answers of the same service in the same run: its liveness check (no token: the HTTP ceiling of a
 * Quarkus service on this machine) and the operator's {@code GET /admin/clock} (a bearer token verified and the
 * clock read, nothing else: the ceiling of an authenticated request). Target: one report and funding totals each at least 3,000 requests/s, p99 under 25 ms.
 */
public final class ReadsBenchmark {

    private static final String NAME = "8 reads";
    private static final int CONNECTIONS = 32;
    private static final double TARGET_RATE = 3_000;
    private static final double TARGET_P99_MILLIS = 25;
    private static final int WARM_UP_ROUND_SECONDS = 5;
    private static final int WARM_UP_MIN_ROUNDS = 6;
    private static final int WARM_UP_ROUNDS = 12;

    private final String projectUrl;
    private final String progressUrl;
    private final ProjectPool projects;
    private final CpuMeter cpu;
    private final Results results;
    private final int seconds;

    public ReadsBenchmark(String projectUrl, String progressUrl, ProjectPool projects, CpuMeter cpu, Results results,
                          int seconds) {
        this.projectUrl = projectUrl;
        this.progressUrl = progressUrl;
        this.projects = projects;
        this.cpu = cpu;
        this.results = results;
        this.seconds = seconds;
    }

    public void run() {
        int project = projects.take();
        submitReport(project);
        String unitToken = Tokens.forRole("lead-unit", BenchProjects.unit(project % BenchProjects.UNITS));
        String dashboardToken = Tokens.forRole("dashboard", null);
        measure("health/live, progress (no token)", progressUrl + "/q/health/live", null, false);
        measure("GET /admin/clock, progress (token verified)", progressUrl + "/admin/clock",
                Tokens.forRole("operator", null), false);
        measure("one report, progress (lead unit)", progressUrl + "/projects/" + BenchProjects.id(project) + "/reports/"
                + BenchProjects.PERIOD, unitToken, true);
        measure("health/live, project (no token)", projectUrl + "/q/health/live", null, false);
        measure("funding totals by programme, project (dashboard)", projectUrl + "/funding-totals?groupBy=programme",
                dashboardToken, true);
    }

    private void submitReport(int project) {
        LoadResult answer = ClosedLoop.run(1, 1, i -> projects.submission(project, ReportBodies.onTrack(project)), 201);
        if (answer.succeeded() != 1) {
            throw new IllegalStateException("the report to read was refused: " + answer.unexpectedStatuses());
        }
    }

    private void measure(String what, String url, String token, boolean targeted) {
        String warmUp = warmUp(url, token);
        Map<String, Double> before = cpu.snapshotWithNeighbours();
        WrkRun run = wrk(url, token, seconds);
        Map<String, Double> after = cpu.snapshotWithNeighbours();
        after.put("wrk", run.cpuMillis());
        before.put("wrk", 0.0);
        String cost = CpuMeter.perRequest(before, after, run.requests(), 2);
        String note = run.requests() + " requests in " + number(run.seconds(), 1) + " s"
                + (run.failures() == 0 ? "" : ", " + run.failures() + " not 2xx/3xx or failed") + "; " + cost
                + "; " + warmUp;
        String at = " @" + CONNECTIONS;
        if (targeted) {
            results.add(NAME, what + ": requests/s" + at, number(run.rate(), 0), ">= 3,000",
                    run.rate() >= TARGET_RATE && run.failures() == 0, note);
            results.add(NAME, what + ": p50 / p99 ms" + at, number(run.p50Millis(), 1) + " / " + number(run.p99Millis(), 1),
                    "p99 < 25", run.p99Millis() < TARGET_P99_MILLIS, Results.load());
        } else {
            results.add(NAME, what + ": requests/s" + at, number(run.rate(), 0), note);
            results.add(NAME, what + ": p50 / p99 ms" + at, number(run.p50Millis(), 1) + " / " + number(run.p99Millis(), 1),
                    Results.load());
        }
    }

    /** Uncounted wrk rounds of the same requests until their rate stops rising ({@link WarmUp}). */
    private String warmUp(String url, String token) {
        return "warm-up " + WARM_UP_ROUND_SECONDS + " s rounds until steady: "
                + WarmUp.untilSteady(WARM_UP_MIN_ROUNDS, WARM_UP_ROUNDS, () -> wrk(url, token, WARM_UP_ROUND_SECONDS).rate());
    }

    record WrkRun(long requests, double seconds, double rate, double p50Millis, double p99Millis, long failures,
                  double cpuMillis) {
    }

    private static WrkRun wrk(String url, String token, int seconds) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + CONNECTIONS, "-d" + seconds + "s",
                "--latency", "--timeout", "10s"));
        if (token != null) {
            command.addAll(List.of("-H", "Authorization: Bearer " + token));
        }
        command.add(url);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    output.append(e);
                }
            });
            reader.start();
            // The kernel forgets an exited process's CPU time: sample it while wrk runs (the last 100 ms are lost).
            double cpuMillis = 0;
            while (process.isAlive()) {
                double now = CpuMeter.cpuMillis(process.pid());
                cpuMillis = Double.isNaN(now) ? cpuMillis : now;
                Thread.sleep(100);
            }
            reader.join();
            if (process.exitValue() != 0) {
                throw new IllegalStateException("wrk exited with " + process.exitValue() + ":\n" + output);
            }
            return parse(output.toString(), cpuMillis);
        } catch (IOException e) {
            throw new IllegalStateException("wrk could not run (bench.sh installs it: apt-get install wrk): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    static WrkRun parse(String output, double cpuMillis) {
        Matcher total = TOTAL.matcher(output);
        Matcher rate = RATE.matcher(output);
        if (!total.find() || !rate.find()) {
            throw new IllegalStateException("unexpected wrk output:\n" + output);
        }
        long failures = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            failures += Long.parseLong(non2xx.group(1));
        }
        Matcher errors = SOCKET_ERRORS.matcher(output);
        if (errors.find()) {
            for (int g = 1; g <= 4; g++) {
                failures += Long.parseLong(errors.group(g));
            }
        }
        return new WrkRun(Long.parseLong(total.group(1)), millis(total.group(2), total.group(3)) / 1000,
                Double.parseDouble(rate.group(1)), percentile(output, "50%"), percentile(output, "99%"), failures,
                cpuMillis);
    }

    private static double percentile(String output, String label) {
        Matcher line = Pattern.compile("^\\s+" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE)
                .matcher(output);
        if (!line.find()) {
            throw new IllegalStateException("no " + label + " latency in wrk output:\n" + output);
        }
        return millis(line.group(1), line.group(2));
    }

    private static double millis(String value, String unit) {
        double number = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> number / 1000;
            case "ms" -> number;
            case "s" -> number * 1000;
            case "m" -> number * 60_000;
            default -> throw new IllegalArgumentException(unit);
        };
    }
}
