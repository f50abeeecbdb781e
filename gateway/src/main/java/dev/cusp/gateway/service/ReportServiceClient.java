package dev.cusp.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * REST client of the report-service ({@code cusp.report-service.url}); reports, model analyses and slice lists are
 * passed through as JSON, slice pictures as PNG bytes.
 */
@RegisterRestClient(configKey = "report-service")
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public interface ReportServiceClient {

    @GET
    @Path("/reports/{jobId}")
    JsonNode report(@PathParam("jobId") UUID jobId);

    @GET
    @Path("/models/{modelId}/analysis")
    JsonNode modelAnalysis(@PathParam("modelId") String modelId);

    @GET
    @Path("/reports/{jobId}/slices")
    JsonNode slices(@PathParam("jobId") UUID jobId);

    @GET
    @Path("/reports/{jobId}/slices/{exampleIndex}")
    @Produces("image/png")
    byte[] slicePng(@PathParam("jobId") UUID jobId, @PathParam("exampleIndex") int exampleIndex);
}
