package io.dataproxy.storage.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

/**
 * Signs a SAS for one blob: a service SAS with the account's shared key, or a user-delegation SAS with a key the
 * service issued to the pod's Entra ID identity.
 */
interface SasSigner {

    /** The SAS query string (without {@code ?}). */
    String sign(BlobClient blob, BlobServiceSasSignatureValues values);

    /** For the start-up line: which kind of SAS, no secret. */
    String describe();
}
