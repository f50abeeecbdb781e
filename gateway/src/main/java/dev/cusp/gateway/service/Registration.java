package dev.cusp.gateway.service;

import dev.cusp.gateway.rest.ModelView;

/** Outcome of an upload: the model, and whether it was new ({@code false} when the same bytes were already stored). */
public record Registration(ModelView model, boolean created) {
}
