package org.postdesk.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/** The ways a report is written: {@code --format table|csv|json|html}. */
public enum ReportFormat {
    TABLE(TableFormat::render),
    CSV(CsvFormat::render),
    JSON(JsonFormat::render),
    HTML(HtmlFormat::render);

    private final Function<Report, String> writer;

    ReportFormat(Function<Report, String> writer) {
        this.writer = writer;
    }

    public String render(Report report) {
        return writer.apply(report);
    }

    public static ReportFormat parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a report format; use one of "
                    + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
