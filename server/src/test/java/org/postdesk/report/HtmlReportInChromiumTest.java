package org.postdesk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: Debian's chromium, headless. In CI (CI=true) a missing chromium fails
 * the test, since .ci/chromium.sh installs it; elsewhere the test is skipped with a loud message.
 */
class HtmlReportInChromiumTest {

    @TempDir
    Path work;

    private HeadlessChromium chromium;

    @BeforeEach
    void needChromium() {
        if (HeadlessChromium.installed().isEmpty()) {
            String message = HeadlessChromium.BINARY + " is missing: the HTML report cannot be checked in a browser."
                    + " Install it with: apt-get install -y chromium (.ci/chromium.sh does)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + message);
            }
            System.err.println("*** SKIPPED: " + message + " ***");
            Assumptions.abort(message);
        }
        chromium = new HeadlessChromium(work);
    }

    @Test
    void reportOpensWithoutConsoleErrorsAndShowsItsCharts() throws Exception {
        Path page = work.resolve("report.html");
        Files.writeString(page, ReportFormat.HTML.render(ReportFixture.week(work.resolve("data"))),
                StandardCharsets.UTF_8);

        HeadlessChromium.Loaded loaded = chromium.load(page);

        assertThat(loaded.console()).as("console messages").isEmpty();
        Document dom = Jsoup.parse(loaded.dom());
        assertThat(dom.select("svg")).hasSize(4);
        assertThat(dom.select("svg rect")).hasSizeGreaterThan(14);
        assertThat(dom.select("svg text")).anySatisfy(t -> assertThat(t.text()).isEqualTo("Bob <b>"));
        assertThat(dom.select("script")).isEmpty();
        assertThat(dom.select("td")).anySatisfy(t -> assertThat(t.text()).startsWith("<script>alert("));
    }

    @Test
    void screenshotOfTheReportIsNotBlank() throws Exception {
        Path page = work.resolve("report.html");
        Files.writeString(page, ReportFormat.HTML.render(ReportFixture.week(work.resolve("data"))),
                StandardCharsets.UTF_8);

        BufferedImage image = ImageIO.read(chromium.screenshot(page, 1000, 1400).toFile());

        assertThat(image.getWidth()).isEqualTo(1000);
        Set<Integer> colours = new HashSet<>();
        boolean chartColour = false;
        int created = Integer.parseInt(SvgCharts.CREATED.substring(1), 16);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                chartColour |= rgb == created;
            }
        }
        // Text antialiasing alone gives dozens of greys; a blank or failed page has one or two colours.
        assertThat(colours).hasSizeGreaterThan(20);
        assertThat(chartColour).as("the bars of the per-day chart are painted").isTrue();
    }

    /** The console check would be worthless if it saw nothing: a page with a script error must show one. */
    @Test
    void consoleErrorsOfAPageAreSeen() throws Exception {
        Path page = work.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>");

        assertThat(chromium.load(page).console()).anySatisfy(line -> assertThat(line).contains("notDefined"));
    }
}
