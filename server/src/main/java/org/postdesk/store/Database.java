package org.postdesk.store;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.function.Function;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.ExecutorType;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.postdesk.conf.DatabaseSettings;

/**
 * The connection pool, the schema migrations and the MyBatis mappers, for H2 and MariaDB alike.
 * Work happens in {@link #inTransaction}: one transaction, committed or rolled back whole.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final SqlSessionFactory sessions;
    private final String description;

    private Database(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
        Configuration mybatis = new Configuration(new Environment("postdesk", new JdbcTransactionFactory(), pool));
        mybatis.setMapUnderscoreToCamelCase(true);
        mybatis.setArgNameBasedConstructorAutoMapping(true);
        mybatis.setDefaultExecutorType(ExecutorType.REUSE);
        mybatis.addMapper(CustomerMapper.class);
        mybatis.addMapper(InboxMapper.class);
        mybatis.addMapper(TicketMapper.class);
        mybatis.addMapper(MessageMapper.class);
        mybatis.addMapper(EventMapper.class);
        mybatis.addMapper(OutboxMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(mybatis);
    }

    /**
     * Opens the pool and brings the schema up to date. The embedded default is an H2 file database under
     * {@code dataDir/db}, opened with AUTO_SERVER so the CLI can use it while the server runs.
     */
    public static Database open(DatabaseSettings settings, Path dataDir) {
        HikariConfig hikari = new HikariConfig();
        String url = settings.embedded() ? embeddedUrl(dataDir) : settings.url();
        hikari.setJdbcUrl(url);
        hikari.setUsername(settings.embedded() ? "sa" : settings.user());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(2, settings.poolSize()));
        hikari.setPoolName("postdesk-db");
        hikari.setAutoCommit(false);
        // Fail fast: a caller (SMTP DATA) turns an unreachable database into 451 and the sender retries.
        hikari.setConnectionTimeout(5_000);
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StorageUnavailable("cannot connect to the database at " + redact(url) + ": "
                    + rootMessage(e) + "; check database.url, user and password in conf/postdesk.yml"
                    + " or POSTDESK_DB_URL", e);
        }
        try {
            migrate(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool, redact(url));
    }

    static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.resolve("db").resolve("postdesk").toAbsolutePath()
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE";
    }

    private static void migrate(DataSource pool) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                .load()
                .migrate();
    }

    /**
     * Runs {@code work} in one transaction and commits it. Any failure rolls the whole back; a database
     * that cannot be reached surfaces as {@link StorageUnavailable}.
     */
    public <T> T inTransaction(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session);
            session.commit(true);
            return result;
        } catch (PersistenceException e) {
            if (isConnectionFailure(e)) {
                throw new StorageUnavailable("the database is unreachable: " + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Where the data lives, for the log line at start. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        LOG.debug("closing database pool");
        pool.close();
    }
}
