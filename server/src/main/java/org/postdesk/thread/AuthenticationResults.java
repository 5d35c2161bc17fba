package org.postdesk.thread;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An {@code Authentication-Results} header (RFC 8601): which host checked the mail and what it found.
 * Only a header whose authserv-id the admin trusts means anything; anyone can write one.
 */
public record AuthenticationResults(String authservId, List<Result> results) {

    /** One method's result, e.g. {@code dkim=pass header.d=example.com}. */
    public record Result(String method, String result, java.util.Map<String, String> properties) {
    }

    public static Optional<AuthenticationResults> parse(String header) {
        String value = header.replaceAll("\\([^)]*\\)", " ").strip();
        String[] parts = value.split(";");
        if (parts.length == 0 || parts[0].isBlank()) {
            return Optional.empty();
        }
        String authserv = parts[0].strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        List<Result> results = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String[] tokens = parts[i].strip().split("\\s+");
            if (tokens.length == 0 || !tokens[0].contains("=")) {
                continue;
            }
            String[] mr = tokens[0].split("=", 2);
            java.util.Map<String, String> props = new java.util.HashMap<>();
            for (int t = 1; t < tokens.length; t++) {
                String[] kv = tokens[t].split("=", 2);
                if (kv.length == 2) {
                    props.put(kv[0].toLowerCase(Locale.ROOT), kv[1].replaceAll("^@", "").toLowerCase(Locale.ROOT));
                }
            }
            results.add(new Result(mr[0].toLowerCase(Locale.ROOT), mr[1].toLowerCase(Locale.ROOT), props));
        }
        return Optional.of(new AuthenticationResults(authserv, results));
    }

    /**
     * Whether this header says the mail really comes from {@code domain}: DMARC passed for it as the
     * From domain, or a DKIM signature of exactly that domain verified.
     */
    public boolean passesFor(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        return results.stream().anyMatch(r -> r.result().equals("pass")
                && (r.method().equals("dmarc") && d.equals(r.properties().get("header.from"))
                    || r.method().equals("dkim") && d.equals(r.properties().get("header.d"))));
    }
}
