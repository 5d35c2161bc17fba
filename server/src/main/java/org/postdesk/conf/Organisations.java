package org.postdesk.conf;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.postdesk.mail.EmailAddress;

/**
 * The organisation a customer belongs to, by the domain of their address ({@code organisations:} in
 * {@code conf/customers.yml}): the name conf gives the domain, or the nearest parent domain it names
 * ({@code eu.acme.com} falls under {@code acme.com}), else the domain itself. A domain mapped to the
 * empty string means no organisation: free-mail providers, where one domain is many strangers.
 *
 * @param byDomain lower-case domain to organisation name
 */
public record Organisations(Map<String, String> byDomain) {

    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");

    public Organisations {
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : (byDomain == null ? Map.<String, String>of() : byDomain).entrySet()) {
            String domain = e.getKey().strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new IllegalArgumentException("'" + e.getKey() + "' is not a domain; write e.g. acme.com: ACME Ltd");
            }
            checked.put(domain, e.getValue() == null ? "" : e.getValue().strip());
        }
        byDomain = Map.copyOf(checked);
    }

    public static Organisations none() {
        return new Organisations(Map.of());
    }

    /** The organisation of {@code address}; empty when conf maps its domain to "". */
    public Optional<String> of(EmailAddress address) {
        String domain = address.domain();
        for (String d = domain; !d.isEmpty(); d = parent(d)) {
            String name = byDomain.get(d);
            if (name != null) {
                return name.isEmpty() ? Optional.empty() : Optional.of(name);
            }
        }
        return Optional.of(domain);
    }

    private static String parent(String domain) {
        int dot = domain.indexOf('.');
        return dot < 0 ? "" : domain.substring(dot + 1);
    }
}
