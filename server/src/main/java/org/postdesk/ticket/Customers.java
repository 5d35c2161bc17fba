package org.postdesk.ticket;

import java.time.Instant;

import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

import org.postdesk.mime.NamedAddress;
import org.postdesk.store.CustomerMapper;
import org.postdesk.store.GeneratedId;

/** One customer record per address, created on their first mail. */
public final class Customers {

    private Customers() {
    }

    public static long findOrCreate(SqlSession session, NamedAddress who, Instant now) {
        CustomerMapper customers = session.getMapper(CustomerMapper.class);
        Long id = customers.findId(who.address().value());
        if (id != null) {
            return id;
        }
        try {
            GeneratedId key = new GeneratedId();
            customers.insert(key, who.address().value(), who.name().isEmpty() ? null : who.name(), now);
            return key.get();
        } catch (PersistenceException e) {
            // Another instance created the same customer a moment ago; the unique key kept one row.
            Long raced = customers.findId(who.address().value());
            if (raced == null) {
                throw e;
            }
            return raced;
        }
    }
}
