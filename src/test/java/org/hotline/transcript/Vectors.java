package org.hotline.transcript;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Published test vectors, each with its source. */
final class Vectors {
  private Vectors() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  // transparency-dev/merkle testonly/constants.go: LeafInputs, NodeHashes, RootHashes,
  // CompactTrees (the RFC 6962 reference tree used since certificate-transparency-go).

  static final List<byte[]> LEAF_INPUTS =
      List.of(
          hex(""),
          hex("00"),
          hex("10"),
          hex("2021"),
          hex("3031"),
          hex("40414243"),
          hex("5051525354555657"),
          hex("606162636465666768696a6b6c6d6e6f"));

  /** NODE_HASHES.get(level).get(index). */
  static final List<List<String>> NODE_HASHES =
      List.of(
          List.of(
              "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
              "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
              "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
              "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
              "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
              "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
              "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
              "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
          List.of(
              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
              "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
              "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
              "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
          List.of(
              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
              "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
          List.of("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

  /** ROOT_HASHES.get(n) is the root of the tree of the first n LEAF_INPUTS. */
  static final List<String> ROOT_HASHES =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** COMPACT_TREES.get(n): the (level, index) of each frontier node, largest first. */
  static final List<List<int[]>> COMPACT_TREES =
      List.of(
          List.of(),
          List.of(new int[] {0, 0}),
          List.of(new int[] {1, 0}),
          List.of(new int[] {1, 0}, new int[] {0, 2}),
          List.of(new int[] {2, 0}),
          List.of(new int[] {2, 0}, new int[] {0, 4}),
          List.of(new int[] {2, 0}, new int[] {1, 2}),
          List.of(new int[] {2, 0}, new int[] {1, 2}, new int[] {0, 6}),
          List.of(new int[] {3, 0}));

  // transparency-dev/merkle proof/verify_test.go: inclusionProofs and consistencyProofs, over the
  // trees of the first n LEAF_INPUTS (roots in ROOT_HASHES). The Go file numbers leaves from 1
  // ({1, 8, …} is the first leaf); INCLUSION_PROOFS holds 0-based indexes.

  record InclusionVector(long index, long size, List<String> proof) {}

  record ConsistencyVector(long oldSize, long newSize, List<String> proof) {}

  static final List<InclusionVector> INCLUSION_PROOFS =
      List.of(
          new InclusionVector(0, 1, List.of()),
          new InclusionVector(
              0,
              8,
              List.of(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
          new InclusionVector(
              5,
              8,
              List.of(
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
          new InclusionVector(
              2, 3, List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
          new InclusionVector(
              1,
              5,
              List.of(
                  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

  static final List<ConsistencyVector> CONSISTENCY_PROOFS =
      List.of(
          new ConsistencyVector(1, 1, List.of()),
          new ConsistencyVector(
              1,
              8,
              List.of(
                  "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
          new ConsistencyVector(
              6,
              8,
              List.of(
                  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
          new ConsistencyVector(
              2,
              5,
              List.of(
                  "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                  "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
          new ConsistencyVector(
              6,
              7,
              List.of(
                  "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                  "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

  // golang.org/x/mod sumdb/note/note_test.go (TestNewSigner, TestSign, TestOpen) and the
  // package documentation of sumdb/note/note.go.

  static final String PETER_SKEY =
      "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String PETER_VKEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String ENOCH_VKEY =
      "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String GO_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  static final String PETER_SIG_LINE =
      "— PeterNeumann "
          + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnA"
          + "M=\n";
  static final String ENOCH_SIG_LINE =
      "— EnochRoot "
          + "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc"
          + "+QQ=\n";

  /** The 32-byte seed inside PETER_SKEY: base64 "AYEK…" is 0x01 (Ed25519) followed by it. */
  static byte[] peterSeed() {
    String base64 = PETER_SKEY.split("\\+", 5)[4];
    byte[] typed = Base64.getDecoder().decode(base64);
    if (typed.length != 33 || typed[0] != 0x01) {
      throw new AssertionError("published skey no longer decodes as 0x01 || seed");
    }
    return Arrays.copyOfRange(typed, 1, 33);
  }

  static NoteSigner peter() {
    return NoteSigner.fromSeed("PeterNeumann", peterSeed());
  }

  // C2SP tlog-checkpoint.md and tlog-cosignature.md examples.

  static final String SPEC_CHECKPOINT_BODY =
      "example.com/behind-the-sofa\n"
          + "20852163\n"
          + "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  static final String SPEC_COSIGNED_CHECKPOINT =
      SPEC_CHECKPOINT_BODY
          + "\n"
          + "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
          + "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
          + "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJs"
          + "X3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";
  static final long SPEC_COSIGNATURE_TIME = 1679315147L;

  // C2SP signed-note.md example.

  static final String SPEC_NOTE =
      "Ognuno sta solo sul cuor della terra\n"
          + "trafitto da un raggio di sole:\n"
          + "\n"
          + "ed è subito sera.\n"
          + "\n"
          + "— quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMo"
          + "uFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n";
}
