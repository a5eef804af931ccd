package io.jitsso.provisioning.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a user's role grants change: which grants go, which come. Pure functions over the current
 * grants, so provenance rules are testable without a database.
 */
public record RolePlan(List<Grant> toRemove, List<Grant> toAdd) {

    /**
     * A sign-in through a connection: the roles that connection granted become exactly the asserted
     * ones; roles of every other source stay (SPEC A6).
     */
    public static RolePlan replace(Collection<Grant> current, String source, Collection<String> asserted) {
        Set<String> wanted = new LinkedHashSet<>(asserted == null ? List.of() : asserted);
        List<Grant> remove = current.stream().filter(g -> g.source().equals(source) && !wanted.contains(g.role())).toList();
        List<Grant> add = new ArrayList<>();
        for (String role : new TreeSet<>(wanted)) {
            Grant grant = new Grant(role, source);
            if (!current.contains(grant)) {
                add.add(grant);
            }
        }
        return new RolePlan(remove, add);
    }

    /** A denied sign-in: the connection's roles go (SPEC A5). */
    public static RolePlan withdraw(Collection<Grant> current, String source) {
        return replace(current, source, List.of());
    }

    /**
     * A disconnect: the connection's roles go and the user keeps {@code viewer} from the
     * {@code system} source (SPEC A9).
     */
    public static RolePlan downgrade(Collection<Grant> current, String source) {
        RolePlan withdrawn = withdraw(current, source);
        Grant viewer = new Grant(RoleSources.VIEWER, RoleSources.SYSTEM);
        return current.contains(viewer) ? withdrawn : new RolePlan(withdrawn.toRemove(), List.of(viewer));
    }

    public boolean isEmpty() {
        return toRemove.isEmpty() && toAdd.isEmpty();
    }

    /** The grants after the plan is carried out. */
    public List<Grant> applyTo(Collection<Grant> current) {
        List<Grant> after = new ArrayList<>(current);
        after.removeAll(toRemove);
        after.addAll(toAdd);
        return after;
    }

    public List<String> granted() {
        return toAdd.stream().map(Grant::role).sorted().toList();
    }

    public List<String> removed() {
        return toRemove.stream().map(Grant::role).sorted().toList();
    }

    /** Effective roles: the distinct union over every source, sorted. */
    public static List<String> effective(Collection<Grant> grants) {
        return List.copyOf(new TreeSet<>(grants.stream().map(Grant::role).toList()));
    }
}
