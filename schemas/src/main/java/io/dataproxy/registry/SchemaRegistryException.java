package io.dataproxy.registry;

/**
 * A failed call to the schema registry. Carries the HTTP status and Confluent's {@code error_code}; the message
 * names the URL without credentials.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Status used when no HTTP answer arrived at all (connection refused, timeout). */
    public static final int NO_RESPONSE = -1;

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    static SchemaRegistryException schemaNotFound(String message) {
        return new SchemaRegistryException(404, SCHEMA_NOT_FOUND, message);
    }

    static SchemaRegistryException subjectNotFound(String message) {
        return new SchemaRegistryException(404, SUBJECT_NOT_FOUND, message);
    }

    /** HTTP status, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** Confluent's {@code error_code} from the response body, or the HTTP status when the body had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The subject, version or schema id asked for does not exist (HTTP 404). */
    public boolean isNotFound() {
        return status == 404;
    }
}
