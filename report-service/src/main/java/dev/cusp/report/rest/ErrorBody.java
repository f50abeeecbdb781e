package dev.cusp.report.rest;

/** The body of every error response: what is wrong, in one sentence. */
public record ErrorBody(String error) {
}
