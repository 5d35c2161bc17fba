package org.postdesk.ticket;

import java.util.List;
import java.util.Optional;

import org.postdesk.conf.Organisations;
import org.postdesk.mail.EmailAddress;
import org.postdesk.store.CustomerMapper;
import org.postdesk.store.CustomerRow;
import org.postdesk.store.Database;

/** Read-only views of customers for the CLI. */
public final class CustomerQueries {

    private final Database db;
    private final Organisations organisations;

    public CustomerQueries(Database db, Organisations organisations) {
        this.db = db;
        this.organisations = organisations;
    }

    /** The customer with this address and the tickets they opened that {@code viewer} may see. */
    public Optional<CustomerView> show(EmailAddress address, Viewer viewer) {
        CustomerRow row = db.inTransaction(s -> s.getMapper(CustomerMapper.class).find(address.value()));
        if (row == null) {
            return Optional.empty();
        }
        List<TicketView> tickets = new TicketQueries(db).list(TicketFilter.where().customer(address.value()).build(),
                viewer);
        return Optional.of(new CustomerView(row.address(), row.name(), organisations.of(address).orElse(null),
                row.createdAt(), tickets));
    }
}
