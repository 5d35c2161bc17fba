package org.postdesk.conf;

/**
 * A configuration error. Its message names the file, the line when known,
 * the key path, the bad value and what would be valid: the admin reads it
 * and fixes the file without opening the source.
 */
public class ConfException extends RuntimeException {

    public ConfException(String message) {
        super(message);
    }

    public ConfException(String message, Throwable cause) {
        super(message, cause);
    }
}
