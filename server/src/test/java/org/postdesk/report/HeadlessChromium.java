package org.postdesk.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Debian's chromium run headless on a local file: the DOM after load, the console messages (Chromium logs
 * them to stderr as {@code INFO:CONSOLE} with {@code --enable-logging=stderr --v=0}), and a screenshot.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");
    private static final long TIMEOUT_SECONDS = 120;

    private final Path work;

    HeadlessChromium(Path work) {
        this.work = work;
    }

    /** The binary, when installed (.ci/chromium.sh installs it). */
    static Optional<Path> installed() {
        return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
    }

    /** The page as the browser built it, and what its console said while loading. */
    record Loaded(String dom, List<String> console) {
    }

    Loaded load(Path page) throws IOException, InterruptedException {
        Run run = run("dump", "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString());
        List<String> console = new ArrayList<>();
        for (String line : run.stderr().split("\n")) {
            if (CONSOLE.matcher(line).find()) {
                console.add(line);
            }
        }
        return new Loaded(run.stdout(), console);
    }

    /** A PNG of the page in a window of the given size. */
    Path screenshot(Path page, int width, int height) throws IOException, InterruptedException {
        Path png = work.resolve("screenshot.png");
        run("shot", "--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png,
                page.toUri().toString());
        return png;
    }

    private record Run(String stdout, String stderr) {
    }

    private Run run(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + work.resolve("profile-" + name)));
        // Chromium's sandbox refuses to start as root, which CI containers are.
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--no-sandbox");
        }
        command.addAll(List.of(args));
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with " + p.exitValue() + ": " + command + "\n" + stderr);
        }
        return new Run(Files.readString(out, StandardCharsets.UTF_8), stderr);
    }
}
