package io.dataproxy.storage.azure;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;

/** Service SAS, signed offline with the account's shared key (the client was built with it). */
final class SharedKeySasSigner implements SasSigner {

    @Override
    public String sign(BlobClient blob, BlobServiceSasSignatureValues values) {
        return blob.generateSas(values);
    }

    @Override
    public String describe() {
        return "service SAS (shared key)";
    }
}
