package org.postdesk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One SMTP transaction carrying exact bytes, for mail Jakarta Mail would rewrite or hold whole twice. */
public final class SmtpData {

    private SmtpData() {
    }

    /** Sends {@code raw}, dot-stuffed, from {@code sender} to support@example.com; the answer to the data. */
    public static RawSmtp.Reply send(int port, String sender, byte[] raw) throws IOException {
        try (RawSmtp smtp = new RawSmtp(port)) {
            smtp.command("EHLO sender.example");
            smtp.command("MAIL FROM:<" + sender + ">");
            smtp.command("RCPT TO:<support@example.com>");
            RawSmtp.Reply data = smtp.command("DATA");
            if (data.code() != 354) {
                return data;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 1024);
            boolean lineStart = true;
            for (byte b : raw) {
                if (lineStart && b == '.') {
                    out.write('.');
                }
                out.write(b);
                lineStart = b == '\n';
            }
            if (raw.length > 0 && !endsWithCrlf(raw)) {
                out.write('\r');
                out.write('\n');
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            smtp.write(out.toByteArray());
            return smtp.read();
        }
    }

    public static boolean endsWithCrlf(byte[] raw) {
        return raw.length >= 2 && raw[raw.length - 2] == '\r' && raw[raw.length - 1] == '\n';
    }
}
