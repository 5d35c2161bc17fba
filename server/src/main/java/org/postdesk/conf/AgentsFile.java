package org.postdesk.conf;

import java.util.List;

/** The contents of {@code conf/agents.yml}. */
record AgentsFile(List<Group> groups, List<Agent> agents) {

    AgentsFile {
        groups = groups == null ? List.of() : List.copyOf(groups);
        agents = agents == null ? List.of() : List.copyOf(agents);
    }
}
