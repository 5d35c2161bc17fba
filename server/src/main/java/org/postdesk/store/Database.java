package org.postdesk.store;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import javax.sql.DataSource;

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

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

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
    /** H2's shared store of committed transactions; null on MariaDB, whose commits are durable. */
    private final SharedCheckpoint checkpoint;

    private Database(HikariDataSource pool, String description, SharedCheckpoint checkpoint) {
        this.pool = pool;
        this.description = description;
        this.checkpoint = checkpoint;
        Configuration mybatis = new Configuration(new Environment("postdesk", transactions(), pool));
        mybatis.setMapUnderscoreToCamelCase(true);
        mybatis.setArgNameBasedConstructorAutoMapping(true);
        mybatis.setDefaultExecutorType(ExecutorType.REUSE);
        mybatis.addMapper(CustomerMapper.class);
        mybatis.addMapper(InboxMapper.class);
        mybatis.addMapper(TicketMapper.class);
        mybatis.addMapper(MessageMapper.class);
        mybatis.addMapper(EventMapper.class);
        mybatis.addMapper(OutboxMapper.class);
        mybatis.addMapper(TaskMapper.class);
        mybatis.addMapper(TimerMapper.class);
        mybatis.addMapper(ImapStateMapper.class);
        mybatis.addMapper(SlaMapper.class);
        mybatis.addMapper(AssignmentMapper.class);
        mybatis.addMapper(TriggerMarkMapper.class);
        mybatis.addMapper(org.postdesk.report.ReportMapper.class);
        mybatis.addMapper(SeenMapper.class);
        mybatis.addMapper(SurveyMapper.class);
        mybatis.addMapper(HeartbeatMapper.class);
        mybatis.addMapper(ConfStateMapper.class);
        mybatis.addMapper(HealthMapper.class);
        mybatis.addMapper(TicketListMapper.class);
        mybatis.addMapper(TextSearchMapper.class);
        mybatis.addMapper(MailSafetyMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(mybatis);
    }

    /**
     * MyBatis sets autocommit on before it hands a connection back, for pools that would not end an open
     * transaction, and Hikari then sets it off again: two round trips to MariaDB per transaction, eight per
     * mail in the benchmark. Hikari rolls back whatever a returned connection left open, so neither is needed.
     */
    private static JdbcTransactionFactory transactions() {
        JdbcTransactionFactory factory = new JdbcTransactionFactory();
        Properties properties = new Properties();
        properties.setProperty("skipSetAutoCommitOnClose", "true");
        factory.setProperties(properties);
        return factory;
    }

    /**
     * Opens the pool and brings the schema up to date. The embedded default is an H2 file database under
     * {@code dataDir/db}, opened with AUTO_SERVER so the CLI can use it while the server runs.
     */
    public static Database open(DatabaseSettings settings, Path dataDir) {
        HikariConfig hikari = new HikariConfig();
        String url = settings.embedded() ? embeddedUrl(dataDir) : withH2Settings(settings.url());
        hikari.setJdbcUrl(url);
        if (!url.startsWith("jdbc:h2:")) {
            talkUtc(hikari);
        }
        hikari.setUsername(settings.embedded() ? "sa" : settings.user());
        hikari.setPassword(settings.password());
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(2, settings.poolSize()));
        hikari.setPoolName("postdesk-db");
        hikari.setExceptionOverrideClassName(EvictBrokenConnections.class.getName());
        hikari.setAutoCommit(false);
        // READ COMMITTED on every backend (H2's default, not MariaDB's): a row another instance has just
        // committed, say the customer we raced to create, is visible to our next statement. Galera
        // certifies write sets either way, so nothing weaker is risked.
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
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
        SharedCheckpoint checkpoint = url.startsWith("jdbc:h2:") ? new SharedCheckpoint(
                () -> DriverManager.getConnection(url, hikari.getUsername(), hikari.getPassword())) : null;
        return new Database(pool, redact(url), checkpoint);
    }

    /**
     * QUERY_CACHE_SIZE is the number of parsed statements each connection keeps (H2's default is 8): one
     * message runs some fifty different statements, so with 8 every one was parsed again, 11 % of the
     * server's CPU in the benchmark's profile.
     */
    static String embeddedUrl(Path dataDir) {
        return withH2Settings("jdbc:h2:file:" + dataDir.resolve("db").resolve("postdesk").toAbsolutePath()
                + ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=256");
    }

    /**
     * An H2 URL, embedded or named in conf, gets a lock timeout of 10 s instead of H2's 2 s: a processing
     * lane holds the ticket counter's row lock from its batch's first new ticket to its commit (numbers stay
     * gapless), and another lane must wait that out rather than fail (InnoDB waits 50 s by default).
     *
     * <p>MAX_LENGTH_INPLACE_LOB: message bodies (LONGTEXT) and outgoing mail (LONGBLOB) are a few KB, and
     * past H2's 256 bytes each went to a separate LOB store, several more writes per row and a cleaner
     * thread. Kept in the row up to 64 KB, processing took 40 % less CPU per message in the benchmark.
     */
    static String withH2Settings(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        String upper = url.toUpperCase(Locale.ROOT);
        return url + (upper.contains("LOCK_TIMEOUT") ? "" : ";LOCK_TIMEOUT=10000")
                + (upper.contains("MAX_LENGTH_INPLACE_LOB") ? "" : ";MAX_LENGTH_INPLACE_LOB=65536");
    }

    /**
     * MariaDB: every time is bound, read and compared in UTC, whatever the JVM's and the server's default
     * time zones. Without these options Connector/J writes a {@code java.sql.Timestamp} (MyBatis binds an
     * {@code Instant} as one) as the wall-clock time of the JVM's zone and reads one back in that zone, and
     * the session keeps the server's zone: DATETIME columns (V17) would then hold local times, an hour of
     * each autumn's change would be ambiguous and an instance in another zone would read other instants.
     * With them a DATETIME holds the UTC wall-clock time of the instant. {@code preserveInstants} makes
     * the driver use {@code connectionTimeZone} instead of the JVM's zone; the session's
     * {@code time_zone} is set to {@code +00:00} too, so that anything the server itself evaluates
     * (defaults, a person's query with NOW()) agrees. An offset, not a zone name: MariaDB knows names only
     * when its time zone tables are loaded.
     */
    private static void talkUtc(HikariConfig hikari) {
        hikari.addDataSourceProperty("connectionTimeZone", "UTC");
        hikari.addDataSourceProperty("forceConnectionTimeZoneToSession", "true");
        hikari.addDataSourceProperty("preserveInstants", "true");
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
     * Runs {@code work} in one transaction and commits it, and returns once the commit would survive a
     * killed process (on H2, {@link SharedCheckpoint}). Any failure rolls the whole back; a database that
     * cannot be reached surfaces as {@link StorageUnavailable}.
     *
     * <p>A deadlock (InnoDB picks a victim when two transactions take row locks in different orders)
     * or a Galera certification failure rolls back and reruns {@code work} a few times, so {@code work}
     * must touch nothing but the database.
     */
    public <T> T inTransaction(Function<SqlSession, T> work) {
        T result = inTransactionRedoneAfterCrash(work);
        awaitDurable();
        return result;
    }

    /**
     * Returns once every transaction committed before this call would survive a killed process: on H2 it
     * awaits a {@link SharedCheckpoint}; MariaDB's commits are durable when they return. For a caller that
     * commits with {@link #inTransactionRedoneAfterCrash} and must wait for the file later, outside a lock
     * of its own (intake's group commit).
     *
     * @throws StorageUnavailable when the checkpoint failed (a full disk); what was committed stays committed
     */
    public void awaitDurable() {
        if (checkpoint != null) {
            checkpoint.await();
        }
    }

    /**
     * {@link #inTransaction} for work that is done again from what is stored if the process dies before
     * its commit reaches the file: processing, whose inbox row stays {@code received} until its result is
     * stored. On H2 the commit is written with the next checkpoint anyone awaits, or H2's own within half a
     * second, and the lane goes on to its next batch at once. Intake commits with it too, and awaits
     * {@link #awaitDurable} before its 250: a row lost to a kill is one the sender was never told was taken.
     */
    public <T> T inTransactionRedoneAfterCrash(Function<SqlSession, T> work) {
        for (int attempt = 1;; attempt++) {
            try (SqlSession session = sessions.openSession(false)) {
                T result = work.apply(session);
                session.commit(true);
                return result;
            } catch (PersistenceException e) {
                if (isConnectionFailure(e)) {
                    throw new StorageUnavailable("the database is unreachable: " + rootMessage(e), e);
                }
                if (!isRetryable(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                LOG.debug("transaction attempt {} rolled back ({}), retrying", attempt, rootMessage(e));
                pause(attempt);
            }
        }
    }

    /**
     * Runs {@code work} in a transaction that is always rolled back: for dry runs, which go through the
     * real steps and leave nothing behind.
     */
    public <T> T rehearse(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            try {
                return work.apply(session);
            } finally {
                session.rollback(true);
            }
        } catch (PersistenceException e) {
            if (isConnectionFailure(e)) {
                throw new StorageUnavailable("the database is unreachable: " + rootMessage(e), e);
            }
            throw e;
        }
    }

    private static final int MAX_ATTEMPTS = 8;

    /**
     * Whether {@code e} undid or broke the whole transaction (a deadlock victim, a certification failure,
     * a lost connection) rather than one statement, so that work under a savepoint cannot carry on.
     */
    public static boolean failsTheTransaction(Throwable e) {
        return isRetryable(e) || isConnectionFailure(e);
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransactionRollbackException) {
                return true;
            }
            // 40001: serialization failure / deadlock; MariaDB 1213 deadlock (also Galera's certification
            // failure), 1205 lock wait timeout; H2 40001 deadlock, 50200 lock timeout.
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState())
                    || sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205 || sql.getErrorCode() == 50200)) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 5)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailable("interrupted while retrying a transaction", ie);
        }
    }

    private static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.sql.SQLRecoverableException) {
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

    /** Whether this is H2 (embedded, or named in conf) rather than MariaDB. */
    public boolean isH2() {
        return checkpoint != null;
    }

    /** Where the data lives, for the log line at start. */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        LOG.debug("closing database pool");
        if (checkpoint != null) {
            checkpoint.close();
        }
        pool.close();
    }
}
