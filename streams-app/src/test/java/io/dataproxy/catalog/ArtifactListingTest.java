package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.addTag;
import static io.dataproxy.catalog.Requests.artifact;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.deleteArtifact;
import static io.dataproxy.catalog.Requests.listArtifacts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListArtifacts over its index: order, pages at their boundaries, the scan budget, and what a page costs. */
class ArtifactListingTest extends RulesFixture {

    @BeforeEach
    void dataset() {
        handle(createDataset(DS, "region"));
    }

    @Test
    void listingIsNewestFirstAndPagesCoverEverythingExactlyOnce() {
        // 7 artifacts, several sharing a created_at, so the order needs the id tie-break
        String[] ids = {"e", "b", "g", "a", "f", "c", "d"};
        for (int i = 0; i < ids.length; i++) {
            create(ids[i], T0 + (i / 3) * 1000L, "eu", null);
        }
        // created_at T0+2s: d; T0+1s: a, c, f; T0: b, e, g
        assertThat(pages(catalog, listArtifacts(DS).setLimit(3)))
                .containsExactly(List.of("d", "a", "c"), List.of("f", "b", "e"), List.of("g"));
    }

    @Test
    void tiesOnCreatedAtAreOrderedByTheIdsUtf8BytesAcrossPageBoundaries() {
        for (String id : List.of("e", "b", "g", "a", "f", "c", "d", "h", "\uFFFD", "\uD834\uDD1E")) {
            create(id, T0, "eu", null);
        }
        create("z", T0 + 1, "eu", null);
        create("y", T0 - 1, "eu", null);
        // U+FFFD is EF BF BD in UTF-8 and sorts before U+1D11E (F0 9D 84 9E), though its UTF-16 sorts after
        assertThat(pages(catalog, listArtifacts(DS).setLimit(3))).containsExactly(List.of("z", "a", "b"),
                List.of("c", "d", "e"), List.of("f", "g", "h"), List.of("\uFFFD", "\uD834\uDD1E", "y"));
    }

    @Test
    void aFullLastPageHasNoToken() {
        create("a", T0, "eu", null);
        create("b", T0, "eu", null);
        ArtifactPage page = pageOf(handle(listArtifacts(DS).setLimit(2).build()));
        assertThat(page.getArtifacts()).hasSize(2);
        assertThat(page.getNextPageToken()).isNull();
    }

    @Test
    void anArtifactThatExpiresBetweenPagesIsNeverListed() {
        for (int i = 1; i <= 6; i++) {
            create("a" + i, T0 + i * 1000L, "eu", i == 2 || i == 3 ? Duration.ofSeconds(10) : null);
        }
        now = T0 + 7_000;
        ArtifactPage first = pageOf(handle(listArtifacts(DS).setLimit(2).build()));
        assertThat(ids(first)).containsExactly("a6", "a5");

        now = T0 + 13_000; // a2 expired at T0+12s, a3 at T0+13s: neither purged yet
        assertThat(state.artifact(DatasetKeys.of(DS), "a3")).isNotNull();
        assertThat(rest(first.getNextPageToken(), 2)).containsExactly(List.of("a4", "a1"));
    }

    @Test
    void deletesBetweenPagesEvenOfTheArtifactTheTokenPointsAt() {
        for (int i = 1; i <= 6; i++) {
            create("a" + i, T0 + i * 1000L, "eu", null);
        }
        ArtifactPage first = pageOf(handle(listArtifacts(DS).setLimit(2).build()));
        assertThat(ids(first)).containsExactly("a6", "a5");
        assertThat(changed(handle(deleteArtifact(DS, "a5")))).isTrue();
        assertThat(changed(handle(deleteArtifact(DS, "a3")))).isTrue();
        assertThat(rest(first.getNextPageToken(), 2)).containsExactly(List.of("a4", "a2"), List.of("a1"));
    }

    @Test
    void artifactsCreatedAfterTheFirstPageDoNotShiftTheFollowingPages() {
        for (int i = 1; i <= 4; i++) {
            create("a" + i, T0 + i * 1000L, "eu", null);
        }
        ArtifactPage first = pageOf(handle(listArtifacts(DS).setLimit(2).build()));
        assertThat(ids(first)).containsExactly("a4", "a3");
        create("new", T0 + 10_000, "eu", null); // newer than every page: before the token's position
        create("a3-tie", T0 + 3_000, "eu", null); // same created_at as the token's artifact, an id after it
        create("a2-tie", T0 + 3_000, "eu", null); // ... and one with an id before it, so before the position
        assertThat(rest(first.getNextPageToken(), 2)).containsExactly(List.of("a3-tie", "a2"), List.of("a1"));
        assertThat(ids(pageOf(handle(listArtifacts(DS).setLimit(3).build())))).containsExactly("new", "a4", "a2-tie");
    }

    @Test
    void expiredArtifactsArePassedOverWithoutReadingTheirValues() {
        for (int i = 0; i < 3; i++) {
            create("live-" + i, T0 + i, "eu", null);
        }
        for (int i = 0; i < 40; i++) {
            create("short-" + i, T0 + 100 + i, "eu", Duration.ofSeconds(1)); // newer: first in the index
        }
        advance(Duration.ofSeconds(2));
        state.artifactReads = 0;
        assertThat(ids(pageOf(handle(listArtifacts(DS).setLimit(10).build())))).containsExactly("live-2", "live-1", "live-0");
        assertThat(state.artifactReads).as("values read: only the listed artifacts'").isEqualTo(3);
    }

    @Test
    void aPageReadsAboutItsLimitHoweverLargeTheDataset() {
        for (int i = 0; i < 2_000; i++) {
            create(String.format("run-%05d", i), T0 + i, "eu", null);
        }
        state.artifactReads = 0;
        state.listingSteps = 0;
        ArtifactPage page = pageOf(handle(listArtifacts(DS).setLimit(20).setPageToken(
                pageOf(handle(listArtifacts(DS).setLimit(20).build())).getNextPageToken()).build()));
        assertThat(ids(page)).first().isEqualTo("run-01979");
        assertThat(state.artifactReads).as("two pages of 20").isEqualTo(40);
        assertThat(state.listingSteps).as("index entries visited: 21 a page, the last to know there is more").isEqualTo(42);
    }

    @Test
    void aPartitionFilterPassesOverAtMostTheBudgetAndContinuesWithAToken() {
        Catalog budgeted = new Catalog(state, state, SETTINGS.withListScanBudget(4));
        for (int i = 0; i < 20; i++) {
            create("a" + (char) ('a' + i), T0 + i * 1000L, i % 6 == 0 ? "eu" : "us", null);
        }
        state.artifactReads = 0;
        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            state.listingSteps = 0;
            ArtifactPage page = pageOf(handleWith(budgeted, listArtifacts(DS).setLimit(10)
                    .setPartitions(Map.of("region", "eu")).setPageToken(token).build()));
            assertThat(state.listingSteps).as("steps of one page: its entries, one more, and the budget").isLessThanOrEqualTo(10 + 1 + 4);
            pages.add(ids(page));
            token = page.getNextPageToken();
        } while (token != null);
        // eu: as (i=18), am (12), ag (6), aa (0); five us entries between each
        assertThat(pages.stream().flatMap(List::stream)).containsExactly("as", "am", "ag", "aa");
        assertThat(pages).as("a page that found nothing within its budget is empty, with a token").contains(List.of());
        assertThat(state.artifactReads).as("only the matching artifacts were read").isEqualTo(4);
    }

    @Test
    void aPageOfOnlyExpiredEntriesEndsEmptyWithATokenThatLeadsOn() {
        Catalog budgeted = new Catalog(state, state, SETTINGS.withListScanBudget(5));
        create("survivor", T0, "eu", null);
        for (int i = 0; i < 12; i++) {
            create("gone-" + i, T0 + 1 + i, "eu", Duration.ofSeconds(1));
        }
        advance(Duration.ofSeconds(2));
        assertThat(pages(budgeted, listArtifacts(DS).setLimit(50)))
                .containsExactly(List.of(), List.of(), List.of("survivor"));
    }

    @Test
    void partitionAndTagFilters() {
        create("eu1", T0, "eu", null);
        handle(addTag(DS, "t", "eu1"));
        create("us1", T0 + 1, "us", null);
        create("eu2", T0 + 2, "eu", Duration.ofSeconds(5));
        assertThat(ids(pageOf(handle(listArtifacts(DS).build())))).containsExactly("eu2", "us1", "eu1");
        assertThat(ids(pageOf(handle(listArtifacts(DS).setPartitions(Map.of("region", "eu")).build())))).containsExactly("eu2", "eu1");
        assertThat(ids(pageOf(handle(listArtifacts(DS).setTagName("t").build())))).containsExactly("eu1");
        assertThat(ids(pageOf(handle(listArtifacts(DS).setTagName("t").setPartitions(Map.of("region", "us")).build())))).isEmpty();
        assertThat(ids(pageOf(handle(listArtifacts(DS).setTagName("none").build())))).isEmpty();
        String afterEu1 = PageToken.ofArtifact(T0, "eu1");
        String beforeEu1 = PageToken.ofArtifact(T0 + 1, "us1");
        assertThat(ids(pageOf(handle(listArtifacts(DS).setTagName("t").setPageToken(afterEu1).build())))).isEmpty();
        assertThat(ids(pageOf(handle(listArtifacts(DS).setTagName("t").setPageToken(beforeEu1).build())))).containsExactly("eu1");
        advance(Duration.ofMillis(5_002)); // eu2 expires at T0 + 2 ms + 5 s
        assertThat(ids(pageOf(handle(listArtifacts(DS).setPartitions(Map.of("region", "eu")).build())))).containsExactly("eu1");
    }

    @Test
    void aTokenStaysInItsDatasetWhateverPositionItNames() {
        // a dataset whose key extends DS's key: its index entries follow DS's in byte order
        DatasetId longer = DatasetId.newBuilder(DS).setVersion(DS.getVersion() + "0").build();
        assertThat(DatasetKeys.of(longer)).startsWith(DatasetKeys.of(DS));
        handle(createDataset(longer, "region"));
        handleAt(T0, artifact(longer, "theirs").partition("region", "eu").inline("v", 1).create());
        create("ours", T0, "eu", null);
        for (String token : List.of(PageToken.ofArtifact(Long.MIN_VALUE, "\uFFFF\uFFFF"), PageToken.ofArtifact(-1, "x"),
                PageToken.ofArtifact(T0, "ours"), PageToken.ofArtifact(T0, "ours\u0000"))) {
            ArtifactPage page = pageOf(handle(listArtifacts(DS).setPageToken(token).build()));
            assertThat(ids(page)).as("after %s", token).isEmpty();
            assertThat(page.getNextPageToken()).isNull();
        }
        for (String token : List.of(PageToken.ofArtifact(Long.MAX_VALUE, ""), PageToken.ofArtifact(T0, "ours\u0000".substring(0, 3)))) {
            assertThat(ids(pageOf(handle(listArtifacts(DS).setPageToken(token).build())))).containsExactly("ours");
        }
    }

    @Test
    void listingArguments() {
        assertThat(codeOf(handle(listArtifacts(DS).setLimit(0).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(DS).setLimit(1001).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(pageOf(handle(listArtifacts(DS).setLimit(1000).build())).getArtifacts()).isEmpty();
        assertThat(codeOf(handle(listArtifacts(DS).setPageToken("not a token!").build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(DS).setPageToken(PageToken.ofDataset("x")).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listArtifacts(Requests.OTHER_DS).build()))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(listArtifacts(DS).build().getLimit()).as("schema default").isEqualTo(50);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** Creates an artifact appended at {@code at} (reads still judge at {@link #now}). */
    private void create(String id, long at, String region, Duration ttl) {
        Requests.ArtifactSpec spec = artifact(DS, id).partition("region", region).inline("v", 1);
        if (ttl != null) {
            spec.ttl(ttl);
        }
        assertThat(codeOf(handleAt(at, spec.create()))).as("create %s", id).isNull();
    }

    /** Every page from the start, following the tokens. */
    private List<List<String>> pages(Catalog over, ListArtifacts.Builder query) {
        List<List<String>> pages = new ArrayList<>();
        String token = null;
        do {
            ArtifactPage page = pageOf(handleWith(over, query.setPageToken(token).build()));
            pages.add(ids(page));
            token = page.getNextPageToken();
        } while (token != null && pages.size() < 1_000);
        assertThat(token).as("the tokens end").isNull();
        return pages;
    }

    /** The pages after {@code token}, following the tokens. */
    private List<List<String>> rest(String token, int limit) {
        assertThat(token).isNotNull();
        List<List<String>> pages = new ArrayList<>();
        while (token != null) {
            ArtifactPage page = pageOf(handle(listArtifacts(DS).setLimit(limit).setPageToken(token).build()));
            pages.add(ids(page));
            token = page.getNextPageToken();
        }
        return pages;
    }

    private Outcome handleWith(Catalog over, Object query) {
        return over.handle(DatasetKeys.of(DS), CatalogRequest.newBuilder().setRequestId("r").setBody(query).build(), now, now);
    }

    private static List<String> ids(ArtifactPage page) {
        return page.getArtifacts().stream().map(Artifact::getArtifactId).toList();
    }
}
