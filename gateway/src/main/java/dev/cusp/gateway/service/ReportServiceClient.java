package dev.cusp.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** REST client of the report-service ({@code cusp.report-service.url}); the report is passed through as JSON. */
@RegisterRestClient(configKey = "report-service")
@Path("/api/reports")
@Produces(MediaType.APPLICATION_JSON)
public interface ReportServiceClient {

    @GET
    @Path("/{jobId}")
    JsonNode report(@PathParam("jobId") UUID jobId);
}
