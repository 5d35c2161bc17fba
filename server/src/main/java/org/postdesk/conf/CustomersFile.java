package org.postdesk.conf;

import java.util.Map;

/**
 * The contents of {@code conf/customers.yml}, which is optional.
 *
 * @param organisations domain to organisation name, see {@link Organisations}
 */
record CustomersFile(Map<String, String> organisations) {

    CustomersFile {
        organisations = organisations == null ? Map.of() : organisations;
        // Checked here so that a bad domain is reported with the file's line, like any other bad value.
        new Organisations(organisations);
    }
}
