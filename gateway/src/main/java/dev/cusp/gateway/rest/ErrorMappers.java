package dev.cusp.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into {@code {"error": "..."}} with the right status: 4xx for the caller's mistakes. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MismatchedInputException json) {
                return mismatchedJson(json);
            }
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        if (status >= 500) {
            Log.warn(e.getMessage());
        }
        return error(status, e.getMessage());
    }

    /** Wrong types and unknown fields; replaces Quarkus' built-in mapper, whose body has no {@code error}. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String where = path.isEmpty() ? "" : " at '" + path + "'";
        return error(Response.Status.BAD_REQUEST.getStatusCode(), "malformed JSON" + where + ": " + e.getOriginalMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return error(Response.Status.BAD_REQUEST.getStatusCode(), "malformed JSON: " + e.getOriginalMessage());
    }

    /** Anything else is our fault: 500, logged with its stack trace. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.error("unexpected error", e);
        return error(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(), "internal error: " + e.getMessage());
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }
}
