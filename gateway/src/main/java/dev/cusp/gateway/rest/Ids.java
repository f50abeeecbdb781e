package dev.cusp.gateway.rest;

import jakarta.ws.rs.NotFoundException;
import java.util.UUID;

/** Parses ids from paths: a malformed id names nothing, so it is a 404 like an unknown one. */
final class Ids {
    private Ids() {
    }

    static UUID parse(String kind, String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("no " + kind + " with id '" + id + "'");
        }
    }
}
