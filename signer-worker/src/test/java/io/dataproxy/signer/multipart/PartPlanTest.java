package io.dataproxy.signer.multipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.signer.RequestRejected;
import org.junit.jupiter.api.Test;

class PartPlanTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final long TIB = 1L << 40;
    private static final long DEFAULT = 64 * MIB;

    @Test
    void cutsIntoPartsOfTheDefaultSizeTheLastHoldingTheRest() {
        PartPlan plan = PartPlan.of(130 * MIB + 1, null, DEFAULT, 10 * TIB);
        assertThat(plan.partSize()).isEqualTo(DEFAULT);
        assertThat(plan.count()).isEqualTo(3);
        assertThat(plan.sizeOf(1)).isEqualTo(DEFAULT);
        assertThat(plan.sizeOf(3)).isEqualTo(2 * MIB + 1);
        assertThat(plan.sizeOf(1) + plan.sizeOf(2) + plan.sizeOf(3)).isEqualTo(plan.total());
    }

    @Test
    void anExactMultipleHasAFullLastPart() {
        PartPlan plan = PartPlan.of(3 * DEFAULT, null, DEFAULT, 10 * TIB);
        assertThat(plan.count()).isEqualTo(3);
        assertThat(plan.sizeOf(3)).isEqualTo(DEFAULT);
    }

    @Test
    void raisesTheDefaultPartSizeToStayWithinTenThousandParts() {
        PartPlan plan = PartPlan.of(5 * TIB, null, DEFAULT, 10 * TIB);
        assertThat(plan.count()).isLessThanOrEqualTo(10_000);
        assertThat(plan.partSize() % MIB).as("whole MiB").isZero();
        assertThat(plan.partSize()).isLessThanOrEqualTo(5 * GIB);
    }

    @Test
    void aBodySmallerThanAPartIsOnePart() {
        PartPlan plan = PartPlan.of(1, null, DEFAULT, 10 * TIB);
        assertThat(plan.count()).isEqualTo(1);
        assertThat(plan.sizeOf(1)).isEqualTo(1);
        assertThat(PartPlan.of(3 * MIB, 1L * MIB * 4, DEFAULT, 10 * TIB).count()).as("a small single part").isEqualTo(1);
    }

    @Test
    void tenThousandPartsExactlyIsAllowedOneMoreIsNot() {
        assertThat(PartPlan.of(10_000 * 5 * MIB, 5 * MIB, DEFAULT, 10 * TIB).count()).isEqualTo(10_000);
        assertThatThrownBy(() -> PartPlan.of(10_000 * 5 * MIB + 1, 5 * MIB, DEFAULT, 10 * TIB))
                .isInstanceOf(RequestRejected.class).hasMessageContaining("at most 10000").hasMessageContaining("part_size must be at least");
    }

    @Test
    void partSizesOutsideS3sBoundsAreRefusedSayingWhy() {
        assertThatThrownBy(() -> PartPlan.of(20 * MIB, 5 * MIB - 1, DEFAULT, 10 * TIB))
                .isInstanceOf(RequestRejected.class).hasMessageContaining("at least 5 MiB");
        assertThatThrownBy(() -> PartPlan.of(20 * GIB, 5 * GIB + 1, DEFAULT, 10 * TIB))
                .isInstanceOf(RequestRejected.class).hasMessageContaining("5 GiB");
        assertThatThrownBy(() -> PartPlan.of(20 * MIB, 0L, DEFAULT, 10 * TIB)).isInstanceOf(RequestRejected.class);
        assertThat(PartPlan.of(20 * GIB, 5 * GIB, DEFAULT, 10 * TIB).count()).isEqualTo(4);
    }

    @Test
    void totalsOutsideTheDeploymentsAndS3sBoundsAreRefused() {
        assertThatThrownBy(() -> PartPlan.of(0, null, DEFAULT, 10 * TIB)).hasMessageContaining("at least 1 byte");
        assertThatThrownBy(() -> PartPlan.of(-5, null, DEFAULT, 10 * TIB)).hasMessageContaining("at least 1 byte");
        assertThatThrownBy(() -> PartPlan.of(GIB + 1, null, DEFAULT, GIB)).hasMessageContaining("dataproxy.upload.maxSize");
        assertThat(PartPlan.of(GIB, null, DEFAULT, GIB).total()).isEqualTo(GIB);
        assertThatThrownBy(() -> PartPlan.of(5 * TIB + 1, null, DEFAULT, 10 * TIB)).hasMessageContaining("5 TiB");
        assertThatThrownBy(() -> PartPlan.of(Long.MAX_VALUE, 5 * GIB, DEFAULT, Long.MAX_VALUE)).isInstanceOf(RequestRejected.class);
    }
}
