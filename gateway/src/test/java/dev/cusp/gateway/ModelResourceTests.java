package dev.cusp.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cusp.core.event.ModelRegistered;
import dev.cusp.core.event.Topics;
import dev.cusp.core.model.Sha256;
import dev.cusp.core.testing.TestModels;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = GatewayInfra.class, scope = TestResourceScope.GLOBAL)
class ModelResourceTests {
    /** 784·16 + 16 + 16·10 + 10 weights and biases of {@code TestModels.tinyMlp}. */
    static final long TINY_MLP_PARAMETERS = 784 * 16 + 16 + 16 * 10 + 10;

    @Inject
    ObjectMapper mapper;

    @Test
    void uploadStoresTheModelOnceAndServesItsBytes() throws Exception {
        byte[] zip = TestModels.tinyMlpZip(101);
        String sha256 = Sha256.hex(zip);
        String id = Api.upload(zip, "tiny", "1.0").statusCode(201)
                .header("Location", containsString("/api/models/"))
                .body("sha256", equalTo(sha256))
                .body("name", equalTo("tiny"))
                .body("version", equalTo("1.0"))
                .body("format", equalTo("dl4j-zip"))
                .body("inputShape[0]", equalTo(784))
                .body("classes", equalTo(10))
                .body("parameters", equalTo((int) TINY_MLP_PARAMETERS))
                .body("sizeBytes", equalTo(zip.length))
                .extract().path("id");

        Api.upload(zip, "another name", "2").statusCode(200).body("id", equalTo(id)).body("name", equalTo("tiny"));

        given().get("/api/models/" + id).then().statusCode(200).body("sha256", equalTo(sha256));
        given().get("/api/models").then().statusCode(200).body("id", hasItem(id));
        byte[] served = given().get("/api/artifacts/" + sha256).then().statusCode(200)
                .contentType("application/octet-stream").extract().asByteArray();
        assertThat(served).isEqualTo(zip);
    }

    @Test
    void aNewModelIsAnnouncedOnModelRegistered() throws Exception {
        byte[] zip = TestModels.tinyMlpZip(102);
        String id = Api.upload(zip, "announced", "1").statusCode(201).extract().path("id");
        ConsumerRecord<String, String> record = Records.atLeast(Topics.MODEL_REGISTERED, id, 1).get(0);
        ModelRegistered event = mapper.readValue(record.value(), ModelRegistered.class);
        assertThat(event.modelId()).isEqualTo(id);
        assertThat(event.sha256()).isEqualTo(Sha256.hex(zip));
        assertThat(event.inputShape()).containsExactly(784);
        assertThat(event.classes()).isEqualTo(10);
        assertThat(event.parameters()).isEqualTo(TINY_MLP_PARAMETERS);
        assertThat(Records.header(record, "ce_type")).isEqualTo(Topics.cloudEventType(Topics.MODEL_REGISTERED));
        assertThat(Records.header(record, "ce_source")).isEqualTo("urn:cusp:gateway");
    }

    @Test
    void aFileDl4jCannotLoadIsRejectedWithTheReason() {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Api.upload(garbage, "garbage", "1").statusCode(400).body("error", containsString("model rejected"));
        given().get("/api/artifacts/" + Sha256.hex(garbage)).then().statusCode(404);
    }

    @Test
    void aFileOverTheLimitIsRejectedWithTheLimit() {
        // %test.cusp.gateway.max-model-bytes is 1 MiB, the HTTP body limit 2 MiB: the gateway's own check answers.
        byte[] big = new byte[1_500_000];
        Api.upload(big, "big", "1").statusCode(413)
                .body("error", equalTo("model file is 1500000 bytes; the limit is 1048576 bytes "
                        + "(cusp.gateway.max-model-bytes)"));
    }

    @Test
    void missingFormFieldsAreNamed() {
        given().multiPart("name", "no file").multiPart("version", "1").post("/api/models")
                .then().statusCode(400).body("error", containsString("'file'"));
        given().multiPart("file", "m.zip", TestModels.tinyMlpZip(103), "application/zip").multiPart("version", "1")
                .post("/api/models").then().statusCode(400).body("error", containsString("'name'"));
    }

    @Test
    void unknownIdsAreNotFoundWithAReason() {
        UUID unknown = UUID.randomUUID();
        given().get("/api/models/" + unknown).then().statusCode(404)
                .contentType("application/json").body("error", equalTo("no model with id " + unknown));
        given().get("/api/models/not-a-uuid").then().statusCode(404).body("error", containsString("not-a-uuid"));
        given().get("/api/artifacts/" + "0".repeat(64)).then().statusCode(404)
                .contentType("application/json").body("error", containsString("0".repeat(64)));
        given().get("/api/artifacts/xyz").then().statusCode(404).body("error", containsString("64 lower-case hex"));
        given().get("/api/jobs/" + unknown).then().statusCode(404).body("error", equalTo("no job with id " + unknown));
        given().get("/api/jobs/" + unknown + "/report").then().statusCode(404)
                .body("error", equalTo("no job with id " + unknown));
        given().get("/api/jobs/" + unknown + "/progress").then().statusCode(404)
                .body("error", equalTo("no job with id " + unknown));
    }

    @Test
    void readinessReportsTheModelStore() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("model store"));
    }

    @Test
    void theDashboardIsServed() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<script src=\"app.js\"></script>"));
        given().get("/app.js").then().statusCode(200);
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().get("/q/openapi?format=json").then().statusCode(200).body("paths", hasKey("/api/jobs"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
