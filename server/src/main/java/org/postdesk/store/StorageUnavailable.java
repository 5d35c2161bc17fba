package org.postdesk.store;

/**
 * The database or the blob store cannot take a write right now. Callers that face a sender answer
 * with a temporary failure (SMTP 451 4.3.0) so that the sender retries and nothing is lost.
 */
public final class StorageUnavailable extends RuntimeException {

    public StorageUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
