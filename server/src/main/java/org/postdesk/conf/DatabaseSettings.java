package org.postdesk.conf;

/**
 * The database.
 *
 * @param url a JDBC URL; empty for the embedded H2 database under the data folder.
 *     MariaDB: {@code jdbc:mariadb://db-host:3306/postdesk}
 * @param user the database user
 * @param password the database password
 * @param poolSize the most connections this instance opens (default 10)
 */
public record DatabaseSettings(String url, String user, String password, Integer poolSize) {

    public DatabaseSettings {
        url = url == null ? "" : url.strip();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        poolSize = poolSize == null ? 10 : poolSize;
        if (poolSize < 1 || poolSize > 500) {
            throw new IllegalArgumentException("poolSize " + poolSize + " is out of range 1-500");
        }
        if (!url.isEmpty() && !url.startsWith("jdbc:mariadb:") && !url.startsWith("jdbc:mysql:")
                && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("url '" + url
                    + "' is not supported: use jdbc:mariadb://host:3306/postdesk, a jdbc:h2: URL, or leave it empty");
        }
    }

    public static DatabaseSettings defaults() {
        return new DatabaseSettings(null, null, null, null);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    public DatabaseSettings withUrl(String newUrl) {
        return new DatabaseSettings(newUrl, user, password, poolSize);
    }

    public DatabaseSettings withUser(String newUser) {
        return new DatabaseSettings(url, newUser, password, poolSize);
    }

    public DatabaseSettings withPassword(String newPassword) {
        return new DatabaseSettings(url, user, newPassword, poolSize);
    }
}
