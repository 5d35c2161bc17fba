package org.postdesk.imports;

/**
 * What an import did, so far or in the end.
 *
 * @param files files read (1 for an mbox)
 * @param read messages read
 * @param newTickets messages that opened a ticket
 * @param replies messages that joined a ticket
 * @param duplicates messages already recorded (same Message-ID and content): a rerun shows all here
 * @param failed messages that could not be stored or processed
 */
public record ImportSummary(int files, int read, int newTickets, int replies, int duplicates, int failed) {

    public static final ImportSummary NONE = new ImportSummary(0, 0, 0, 0, 0, 0);

    ImportSummary add(int filesNow, String result) {
        return new ImportSummary(filesNow, read + 1, newTickets + (result.equals("new") ? 1 : 0),
                replies + (result.equals("reply") ? 1 : 0), duplicates + (result.equals("duplicate") ? 1 : 0),
                failed + (result.equals("failed") ? 1 : 0));
    }

    @Override
    public String toString() {
        return files + (files == 1 ? " file, " : " files, ") + read + " messages read: " + newTickets
                + " new tickets, " + replies + " replies, " + duplicates + " duplicates, " + failed + " failed";
    }
}
