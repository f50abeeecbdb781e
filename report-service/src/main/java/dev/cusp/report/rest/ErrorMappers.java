package dev.cusp.report.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every HTTP error into {@code {"error": "..."}}. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        return Response.status(e.getResponse().getStatus()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage())).build();
    }
}
