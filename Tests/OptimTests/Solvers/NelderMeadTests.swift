import Foundation
import Testing
@testable import Optim

/// Nelder–Mead against scipy 1.17.1's `minimize(method='Nelder-Mead')`: the same conventions
/// (Lagarias et al. 1998, scipy's ordering, its default simplex, its clipping on a box) in the
/// same arithmetic, so OptBench must reproduce scipy's runs bit for bit: the best f after every
/// iteration, the evaluations spent, the number of iterations, the final point and f.
@Suite struct NelderMeadTests {
    struct Reference {
        /// scipy's nit counts from 1: OptBench's iterations are nit − 1.
        let nit: Int
        let nfev: Int
        /// 0 success (xatol and fatol), 1 maxfev (never exceeded: the limit may cut an iteration
        /// short, which then is not counted), 2 maxiter.
        let status: Int
        /// The iterations `best` leaves out: a variant of an earlier case (the same function and
        /// start, another stopping rule) repeats that case's iterates up to here.
        let from: Int
        let x: [Double]
        let f: Double
        /// The best f after each iteration (scipy's callback; its last call, at a converged
        /// simplex, repeats the last iterate's f) and the evaluations spent by then.
        let best: [Double]
        let evaluations: [Int]
    }

    /// Printed by `scripts/reference/reference-nelder-mead.py --swift` (scipy 1.17.1, numpy 2.4).
    static let reference: [String: Reference] = [
        "rosenbrock": Reference(nit: 85, nfev: 159, status: 0, from: 0,
            x: [0x1.00017176d7196p+0, 0x1.0002c45473feap+0], f: 0x1.c192598983352p-31,
            best: [
                0x1.4a5add9c27e89p+2, 0x1.1fdbe3c105178p+2, 0x1.1fdbe3c105178p+2, 0x1.186834091c07ep+2,
                0x1.0fb28ca85cab4p+2, 0x1.0ded900000003p+2, 0x1.0d85c90eae187p+2, 0x1.08ad030c5ef60p+2,
                0x1.08ad030c5ef60p+2, 0x1.00d08436b3981p+2, 0x1.f7fc1b414ddbep+1, 0x1.cd2231a61282dp+1,
                0x1.cd2231a61282dp+1, 0x1.bbad2250f630dp+1, 0x1.9ba7ae03bc8fep+1, 0x1.951bdb2a101cdp+1,
                0x1.5a7ab0d411810p+1, 0x1.5a7ab0d411810p+1, 0x1.0047830949513p+1, 0x1.0047830949513p+1,
                0x1.0047830949513p+1, 0x1.d0c04389b3224p+0, 0x1.bc1ccbae872b4p+0, 0x1.512517fff4fc9p+0,
                0x1.512517fff4fc9p+0, 0x1.512517fff4fc9p+0, 0x1.28d53ce31c64bp+0, 0x1.13a52648c72cbp+0,
                0x1.c459138f728d5p-1, 0x1.c459138f728d5p-1, 0x1.569cd8099689ep-1, 0x1.569cd8099689ep-1,
                0x1.569cd8099689ep-1, 0x1.12ce2172a7fb0p-1, 0x1.12ce2172a7fb0p-1, 0x1.b173f8778e610p-2,
                0x1.b173f8778e610p-2, 0x1.9817856480054p-2, 0x1.42048789891e8p-2, 0x1.42048789891e8p-2,
                0x1.85c4c87194267p-3, 0x1.85c4c87194267p-3, 0x1.85c4c87194267p-3, 0x1.187e92be7668ap-3,
                0x1.187e92be7668ap-3, 0x1.cf5f5e4a02d71p-4, 0x1.c4bb7d568711ep-4, 0x1.a32f6f4e4b7d7p-4,
                0x1.9e72c86f817fdp-4, 0x1.459e827cd362bp-4, 0x1.459e827cd362bp-4, 0x1.459e827cd362bp-4,
                0x1.d25d8aa419b69p-5, 0x1.d25d8aa419b69p-5, 0x1.1a814ebea1758p-5, 0x1.26261e40950cdp-6,
                0x1.15a88b505ee1cp-6, 0x1.071a43712b845p-8, 0x1.071a43712b845p-8, 0x1.071a43712b845p-8,
                0x1.83ece1ca16603p-12, 0x1.83ece1ca16603p-12, 0x1.83ece1ca16603p-12, 0x1.83ece1ca16603p-12,
                0x1.ef0578ccb6e5cp-15, 0x1.1a6dfc37820eap-15, 0x1.1a6dfc37820eap-15, 0x1.3d5b2b20416e6p-16,
                0x1.1be5f0527c3dap-17, 0x1.82e38d629179ep-19, 0x1.82e38d629179ep-19, 0x1.921d6353f19c4p-21,
                0x1.921d6353f19c4p-21, 0x1.4d0e5ea22fb90p-21, 0x1.d1d4bb8365768p-23, 0x1.ae8bb7fb35d84p-24,
                0x1.c1abec2c8d6c4p-25, 0x1.b0817f459a840p-25, 0x1.58561e5f63a47p-26, 0x1.34ab270a11dafp-30,
                0x1.34ab270a11dafp-30, 0x1.34ab270a11dafp-30, 0x1.3070d493e8f84p-30, 0x1.c192598983352p-31,
            ],
            evaluations: [
                5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 28, 30, 32, 34,
                36, 37, 39, 41, 43, 45, 47, 49, 50, 51, 53, 55, 57, 59, 61, 63,
                64, 66, 68, 70, 72, 74, 76, 77, 79, 81, 82, 84, 86, 88, 90, 92,
                94, 96, 97, 98, 100, 102, 104, 106, 108, 110, 112, 113, 115, 117, 118, 120,
                122, 124, 126, 128, 130, 132, 133, 135, 137, 139, 141, 143, 145, 147, 149, 151,
                153, 155, 157, 159,
            ]),
        "quadratic": Reference(nit: 137, nfev: 242, status: 0, from: 0,
            x: [0x1.c72ee7b7252b9p-3, 0x1.c70e19b1540f2p-4, 0x1.71c6341d63544p+0], f: -0x1.31c71c6c10d7cp+1,
            best: [
                -0x1.891c087442c80p-10, -0x1.26cc1ca3a4b56p-9, -0x1.ca936c58eeaeap-9, -0x1.788ca3e7d1352p-8,
                -0x1.162fdfc19c172p-7, -0x1.b1800a7c5ac49p-7, -0x1.4ef5019f3c70ep-6, -0x1.f5c24c404a731p-6,
                -0x1.82d2aa5c5f7c9p-5, -0x1.25188f42fe827p-4, -0x1.ba2ea960b6fa3p-4, -0x1.502c669057d1ap-3,
                -0x1.f7cd0fe8ab4fcp-3, -0x1.78cbc8c0ce91ep-2, -0x1.1738a8f3a9b08p-1, -0x1.958a84be40424p-1,
                -0x1.1ffca18bd6628p+0, -0x1.8485814940bbcp+0, -0x1.dd6e3150dae40p+0, -0x1.ea3fc5fa9249ap+0,
                -0x1.ea3fc5fa9249ap+0, -0x1.ea3fc5fa9249ap+0, -0x1.ec640c8472c0fp+0, -0x1.ec640c8472c0fp+0,
                -0x1.ec9690a551640p+0, -0x1.ec9690a551640p+0, -0x1.ecda68b0ab04ep+0, -0x1.ed2cd03e215c3p+0,
                -0x1.ed2cd03e215c3p+0, -0x1.ed7715b02dbc9p+0, -0x1.ed7715b02dbc9p+0, -0x1.edcaf3bdb1b08p+0,
                -0x1.edcaf3bdb1b08p+0, -0x1.edcaf3bdb1b08p+0, -0x1.ede971e28dc0bp+0, -0x1.edf226f46d14cp+0,
                -0x1.ee40d53a21988p+0, -0x1.eea36761244a4p+0, -0x1.eea36761244a4p+0, -0x1.ef85024d77c7ap+0,
                -0x1.ef85024d77c7ap+0, -0x1.f04ea9aa209fdp+0, -0x1.f22b893ea32aep+0, -0x1.f22b893ea32aep+0,
                -0x1.f2ebaef9c3f12p+0, -0x1.f3c41adb4f5a7p+0, -0x1.f82589be70ef5p+0, -0x1.f82589be70ef5p+0,
                -0x1.f82589be70ef5p+0, -0x1.fab99ded7856fp+0, -0x1.00ca97f904ecap+1, -0x1.03e4c2c6a0dfep+1,
                -0x1.03e4c2c6a0dfep+1, -0x1.0d4139d1572b8p+1, -0x1.0d4139d1572b8p+1, -0x1.13278c4f3ea28p+1,
                -0x1.217497b2ea2efp+1, -0x1.217497b2ea2efp+1, -0x1.23c5818c24e8cp+1, -0x1.2b2dc82984d6cp+1,
                -0x1.2b63ec9e67303p+1, -0x1.2b63ec9e67303p+1, -0x1.2b63ec9e67303p+1, -0x1.2b63ec9e67303p+1,
                -0x1.2b63ec9e67303p+1, -0x1.2bb5cdfc78fdap+1, -0x1.2bb5cdfc78fdap+1, -0x1.2bb5cdfc78fdap+1,
                -0x1.2bb5cdfc78fdap+1, -0x1.2bb5cdfc78fdap+1, -0x1.2bb5cdfc78fdap+1, -0x1.2bb5cdfc78fdap+1,
                -0x1.2bb5cdfc78fdap+1, -0x1.2bbb382647818p+1, -0x1.2bbb382647818p+1, -0x1.2bd8f42e5ec24p+1,
                -0x1.2bd8f42e5ec24p+1, -0x1.2bf8b763b7ea2p+1, -0x1.2c2c235a95368p+1, -0x1.2c2c235a95368p+1,
                -0x1.2cafebbac78f7p+1, -0x1.2cafebbac78f7p+1, -0x1.2d1d87e7553fap+1, -0x1.2e1b21e480640p+1,
                -0x1.2e1b21e480640p+1, -0x1.2f113c17c3f7bp+1, -0x1.2f72c4dc4d3fep+1, -0x1.312195479569ep+1,
                -0x1.312195479569ep+1, -0x1.312195479569ep+1, -0x1.312195479569ep+1, -0x1.312195479569ep+1,
                -0x1.312195479569ep+1, -0x1.312195479569ep+1, -0x1.31874b6acdfa3p+1, -0x1.31874b6acdfa3p+1,
                -0x1.31874b6acdfa3p+1, -0x1.31b242345de82p+1, -0x1.31b242345de82p+1, -0x1.31b242345de82p+1,
                -0x1.31b242345de82p+1, -0x1.31b429701c4ddp+1, -0x1.31b63dbc95609p+1, -0x1.31b63dbc95609p+1,
                -0x1.31bb00bbc00a1p+1, -0x1.31c48e1164998p+1, -0x1.31c4c3c01f543p+1, -0x1.31c4c3c01f543p+1,
                -0x1.31c4c3c01f543p+1, -0x1.31c651c33ec13p+1, -0x1.31c674b3dd045p+1, -0x1.31c6f4827a358p+1,
                -0x1.31c6f4827a358p+1, -0x1.31c6f4827a358p+1, -0x1.31c6f4827a358p+1, -0x1.31c6f4827a358p+1,
                -0x1.31c702e767786p+1, -0x1.31c702e767786p+1, -0x1.31c71033850eep+1, -0x1.31c71033850eep+1,
                -0x1.31c719eb85ddep+1, -0x1.31c719eb85ddep+1, -0x1.31c719eb85ddep+1, -0x1.31c719eb85ddep+1,
                -0x1.31c71a0970a7bp+1, -0x1.31c71b083901ap+1, -0x1.31c71bfb33e0fp+1, -0x1.31c71c304ba7ap+1,
                -0x1.31c71c304ba7ap+1, -0x1.31c71c304ba7ap+1, -0x1.31c71c5be91ecp+1, -0x1.31c71c5be91ecp+1,
                -0x1.31c71c62fb736p+1, -0x1.31c71c69b52bfp+1, -0x1.31c71c69b52bfp+1, -0x1.31c71c6c10d7cp+1,
            ],
            evaluations: [
                6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36,
                38, 40, 42, 44, 45, 47, 49, 51, 53, 54, 56, 58, 59, 61, 62, 64,
                66, 68, 70, 72, 74, 76, 77, 79, 80, 82, 84, 85, 87, 89, 91, 93,
                94, 96, 98, 100, 101, 103, 104, 106, 108, 109, 111, 113, 115, 117, 119, 120,
                122, 124, 125, 127, 129, 131, 132, 133, 135, 137, 138, 140, 141, 143, 145, 146,
                148, 149, 151, 153, 154, 156, 158, 160, 161, 162, 163, 164, 166, 167, 169, 171,
                173, 175, 176, 177, 178, 180, 182, 183, 185, 187, 189, 191, 193, 195, 197, 199,
                201, 203, 204, 206, 208, 209, 211, 212, 214, 216, 218, 219, 221, 223, 225, 227,
                229, 231, 233, 235, 237, 239, 240, 242,
            ]),
        "quadratic-adaptive": Reference(nit: 139, nfev: 258, status: 0, from: 0,
            x: [0x1.c723366f89336p-3, 0x1.c72f011b50d24p-4, 0x1.71c5397509d48p+0], f: -0x1.31c71c6ee06bcp+1,
            best: [
                -0x1.5d70f1b82c115p-10, -0x1.ec92270cfabbbp-10, -0x1.60638cbaf47b8p-9, -0x1.05c62f7dbbd00p-8,
                -0x1.610c37ed45d90p-8, -0x1.f1ceb0739500fp-8, -0x1.5b8285b159227p-7, -0x1.d4a46c50087dep-7,
                -0x1.46109cbdd8d39p-6, -0x1.bca277fc8205dp-6, -0x1.2d81d25e9f9abp-5, -0x1.9e8fa902890c2p-5,
                -0x1.18702a7d7bcfep-4, -0x1.7d15ddfa76714p-4, -0x1.034e5d90c8273p-3, -0x1.5d8090ea25cf4p-3,
                -0x1.d8f67c217d3bdp-3, -0x1.3e23e5101273ep-2, -0x1.a9477bc3beeeep-2, -0x1.1b908826f1aa2p-1,
                -0x1.753af2f326b83p-1, -0x1.e5d5a118d8d20p-1, -0x1.364282f2f6eebp+0, -0x1.7f1175406079dp+0,
                -0x1.c3b1ceb438485p+0, -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0,
                -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0,
                -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0, -0x1.e2dae3cdccc96p+0, -0x1.e31689c740138p+0,
                -0x1.e323ac8e0ef50p+0, -0x1.e3447e4d636ebp+0, -0x1.e3ecbcab558c6p+0, -0x1.e3ecbcab558c6p+0,
                -0x1.e3ecbcab558c6p+0, -0x1.e48a18770ffe6p+0, -0x1.e48a18770ffe6p+0, -0x1.e535bd124dd51p+0,
                -0x1.e64333a3b9f6cp+0, -0x1.e7066c1a5832ap+0, -0x1.e83732334a4efp+0, -0x1.eac193ab654ddp+0,
                -0x1.ed0ec6287a070p+0, -0x1.ef6f181015c94p+0, -0x1.f5a7181fcce23p+0, -0x1.f915f1390a85cp+0,
                -0x1.ff83a546e70d8p+0, -0x1.06564ecc3d7f6p+1, -0x1.06564ecc3d7f6p+1, -0x1.0c98b07db42b4p+1,
                -0x1.12e3d69c83d63p+1, -0x1.1b02d5359e825p+1, -0x1.1b02d5359e825p+1, -0x1.25164d1d0a99ap+1,
                -0x1.28a6035728662p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1,
                -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1,
                -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1, -0x1.2db3ed5c7dba3p+1,
                -0x1.2db3ed5c7dba3p+1, -0x1.2e0803424edc2p+1, -0x1.2e0803424edc2p+1, -0x1.2e0803424edc2p+1,
                -0x1.2e0803424edc2p+1, -0x1.2e2436e3b07d3p+1, -0x1.2e84d9b7ef96ap+1, -0x1.2e84d9b7ef96ap+1,
                -0x1.2eb79760e750ep+1, -0x1.2ecd7ec7cf95cp+1, -0x1.2f994d41bb4d8p+1, -0x1.2f994d41bb4d8p+1,
                -0x1.2f994d41bb4d8p+1, -0x1.30bcf1aa545f0p+1, -0x1.30bcf1aa545f0p+1, -0x1.30bcf1aa545f0p+1,
                -0x1.31148df8d4624p+1, -0x1.31856160c0be3p+1, -0x1.31ae19922b964p+1, -0x1.31ae19922b964p+1,
                -0x1.31ae19922b964p+1, -0x1.31ae19922b964p+1, -0x1.31ae19922b964p+1, -0x1.31b81fea9d99cp+1,
                -0x1.31bc61d124027p+1, -0x1.31be7082ebeb2p+1, -0x1.31c242dc5685ep+1, -0x1.31c242dc5685ep+1,
                -0x1.31c242dc5685ep+1, -0x1.31c48b1500fcep+1, -0x1.31c4e653f9353p+1, -0x1.31c5d69e21385p+1,
                -0x1.31c5d69e21385p+1, -0x1.31c613c982916p+1, -0x1.31c613c982916p+1, -0x1.31c6ecef62e42p+1,
                -0x1.31c6ecef62e42p+1, -0x1.31c6ecef62e42p+1, -0x1.31c6ecef62e42p+1, -0x1.31c6f7af64a7bp+1,
                -0x1.31c6f7af64a7bp+1, -0x1.31c6ff96c1e9ep+1, -0x1.31c70d802b373p+1, -0x1.31c712f6129cap+1,
                -0x1.31c713491d3d8p+1, -0x1.31c7142c2bd13p+1, -0x1.31c718ad442f2p+1, -0x1.31c71afaa1f77p+1,
                -0x1.31c71afaa1f77p+1, -0x1.31c71afaa1f77p+1, -0x1.31c71b59c3752p+1, -0x1.31c71ba443522p+1,
                -0x1.31c71ba443522p+1, -0x1.31c71c37e2d52p+1, -0x1.31c71c37e2d52p+1, -0x1.31c71c37e2d52p+1,
                -0x1.31c71c37e2d52p+1, -0x1.31c71c42c3ecap+1, -0x1.31c71c54437a1p+1, -0x1.31c71c6516cacp+1,
                -0x1.31c71c6516cacp+1, -0x1.31c71c6516cacp+1, -0x1.31c71c6625c30p+1, -0x1.31c71c68fdacbp+1,
                -0x1.31c71c6d21c56p+1, -0x1.31c71c6ee06bcp+1,
            ],
            evaluations: [
                6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36,
                38, 40, 42, 44, 46, 48, 50, 52, 54, 56, 57, 59, 61, 63, 65, 66,
                68, 70, 71, 73, 75, 77, 79, 80, 82, 84, 85, 87, 89, 91, 93, 95,
                97, 99, 101, 103, 105, 107, 108, 110, 112, 114, 115, 117, 119, 121, 123, 125,
                127, 129, 130, 132, 134, 135, 136, 138, 140, 142, 144, 146, 147, 149, 151, 153,
                155, 157, 159, 160, 161, 163, 164, 165, 167, 169, 171, 173, 174, 176, 178, 180,
                182, 184, 186, 188, 189, 191, 193, 195, 197, 199, 200, 202, 203, 205, 206, 208,
                210, 212, 214, 216, 218, 220, 222, 224, 226, 228, 230, 232, 234, 236, 237, 239,
                241, 243, 245, 247, 249, 250, 252, 254, 256, 258,
            ]),
        "rosenbrock-bounded": Reference(nit: 66, nfev: 119, status: 0, from: 0,
            x: [0x1.0000000000000p-1, 0x1.fff746fb3e800p-3], f: 0x1.000001db8998dp-2,
            best: [
                0x1.6821294573a6cp+4, 0x1.4b369b9d7fd5ap+3, 0x1.0ffffffffffe0p+2, 0x1.f8359bc33f88bp+1,
                0x1.f8359bc33f88bp+1, 0x1.d20cbd1aa823cp+1, 0x1.bf58ef2285650p+1, 0x1.bf58ef2285650p+1,
                0x1.b98b4f5d70a3fp+1, 0x1.b98b4f5d70a3fp+1, 0x1.b1b07eff8b9a5p+1, 0x1.b1b07eff8b9a5p+1,
                0x1.a59febd7ef417p+1, 0x1.9911770954e85p+1, 0x1.77e2f959b4e82p+1, 0x1.424cd99938dc9p+1,
                0x1.424cd99938dc9p+1, 0x1.3bc1a2df6ff51p+1, 0x1.2ddbcff95e762p+1, 0x1.2ddbcff95e762p+1,
                0x1.1a491917228bbp+1, 0x1.1a491917228bbp+1, 0x1.17eae46c59922p+1, 0x1.008f242488125p+1,
                0x1.008f242488125p+1, 0x1.b9ec17662d09ep+0, 0x1.b9ec17662d09ep+0, 0x1.649a78babeca7p+0,
                0x1.649a78babeca7p+0, 0x1.649a78babeca7p+0, 0x1.649a78babeca7p+0, 0x1.2a21af724f68ep+0,
                0x1.2a21af724f68ep+0, 0x1.07c759ed5ad7ap+0, 0x1.07c759ed5ad7ap+0, 0x1.a4b28e88059c1p-1,
                0x1.a4b28e88059c1p-1, 0x1.9c1e89ef63847p-1, 0x1.64938af11002cp-1, 0x1.5983584eec1fdp-1,
                0x1.205dae5997c95p-1, 0x1.01a873eff0b9cp-1, 0x1.01a873eff0b9cp-1, 0x1.07cfdea98ff54p-2,
                0x1.07cfdea98ff54p-2, 0x1.013003fe72d20p-2, 0x1.013003fe72d20p-2, 0x1.013003fe72d20p-2,
                0x1.013003fe72d20p-2, 0x1.013003fe72d20p-2, 0x1.013003fe72d20p-2, 0x1.0060fac0c986fp-2,
                0x1.0060fac0c986fp-2, 0x1.0060fac0c986fp-2, 0x1.0003922acbf91p-2, 0x1.0003922acbf91p-2,
                0x1.0003922acbf91p-2, 0x1.00036cefda770p-2, 0x1.00008b0cd9f52p-2, 0x1.00008b0cd9f52p-2,
                0x1.00004ca6b13bfp-2, 0x1.00004ca6b13bfp-2, 0x1.000001db8998dp-2, 0x1.000001db8998dp-2,
                0x1.000001db8998dp-2,
            ],
            evaluations: [
                5, 7, 9, 11, 13, 15, 17, 18, 20, 22, 24, 26, 28, 30, 32, 34,
                35, 37, 39, 40, 42, 44, 46, 48, 49, 51, 52, 54, 55, 57, 59, 61,
                62, 64, 66, 68, 70, 72, 74, 76, 78, 80, 81, 83, 85, 87, 89, 91,
                93, 95, 96, 98, 100, 101, 103, 104, 106, 108, 110, 111, 113, 114, 116, 117,
                119,
            ]),
        "rosenbrock-maxiter": Reference(nit: 30, nfev: 57, status: 2, from: 28,
            x: [0x1.88b415c28f809p-4, -0x1.0e784ccccd97ep-6], f: 0x1.c459138f728d5p-1,
            best: [
                0x1.c459138f728d5p-1,
            ],
            evaluations: [
                57,
            ]),
        "rosenbrock-maxfev": Reference(nit: 23, nfev: 46, status: 1, from: 22,
            x: [-0x1.54b9b851eb824p-2, 0x1.0b50666666580p-3], f: 0x1.d0c04389b3224p+0,
            best: [
                0x1.d0c04389b3224p+0,
            ],
            evaluations: [
                46,
            ]),
        "quadratic-maxfev": Reference(nit: 1, nfev: 3, status: 1, from: 0,
            x: [0x0.0p+0, 0x1.0624dd2f1a9fcp-12, 0x0.0p+0], f: -0x1.061847f562175p-11,
            best: [
            ],
            evaluations: [
            ]),
        "rosenbrock-tight": Reference(nit: 117, nfev: 219, status: 0, from: 83,
            x: [0x1.fffffff905fc2p-1, 0x1.fffffff29dbe8p-1], f: 0x1.4464d03145100p-60,
            best: [
                0x1.c192598983352p-31, 0x1.0c9d3be365ea4p-34, 0x1.0c9d3be365ea4p-34, 0x1.0c9d3be365ea4p-34,
                0x1.0c9d3be365ea4p-34, 0x1.dd4144f762492p-35, 0x1.58289deec180bp-36, 0x1.58289deec180bp-36,
                0x1.d68f0d300c315p-38, 0x1.0c38dab64a096p-38, 0x1.0c38dab64a096p-38, 0x1.d27782659d40ap-41,
                0x1.d27782659d40ap-41, 0x1.f80d5642a85a8p-42, 0x1.436bb3081daf6p-43, 0x1.e843db735760fp-44,
                0x1.79c3bb67f387bp-45, 0x1.15bb794902951p-45, 0x1.4c038e7c6135ap-46, 0x1.f98ffaa3e1a14p-50,
                0x1.f98ffaa3e1a14p-50, 0x1.f98ffaa3e1a14p-50, 0x1.f98ffaa3e1a14p-50, 0x1.0f7bcf15d1694p-51,
                0x1.0f7bcf15d1694p-51, 0x1.a1eb028c27cb9p-52, 0x1.2783235baab5ap-53, 0x1.2d7080425d400p-56,
                0x1.2d7080425d400p-56, 0x1.2d7080425d400p-56, 0x1.2d7080425d400p-56, 0x1.fe779691ba500p-58,
                0x1.4464d03145100p-60,
            ],
            evaluations: [
                159, 161, 162, 164, 166, 168, 170, 172, 174, 176, 177, 179, 181, 183, 185, 187,
                189, 191, 193, 195, 197, 199, 200, 202, 204, 206, 208, 210, 212, 214, 215, 217,
                219,
            ]),
    ]

    /// f evaluations only: a gradient request is recorded (and answered with NaN).
    final class Probe {
        var gradientRequests = 0
    }

    static func rosenbrock(_ probe: Probe) -> FunctionObjective {
        FunctionObjective(dimension: 2) { x, g in
            if let g { probe.gradientRequests += 1; g.update(repeating: .nan) }
            let a = x[1] - x[0] * x[0], b = 1 - x[0]
            return 100 * (a * a) + b * b
        }
    }

    /// ½xᵀAx − bᵀx with A = [[4,1,0],[1,3,1],[0,1,2]], b = (1,2,3), term by term as the script.
    static func quadratic(_ probe: Probe) -> FunctionObjective {
        FunctionObjective(dimension: 3) { x, g in
            if let g { probe.gradientRequests += 1; g.update(repeating: .nan) }
            let a = 4 * x[0] * x[0] + 3 * x[1] * x[1] + 2 * x[2] * x[2] + 2 * x[0] * x[1] + 2 * x[1] * x[2]
            return 0.5 * a - (x[0] + 2 * x[1] + 3 * x[2])
        }
    }

    static func run(_ name: String) throws -> (OptimizationResult, Probe) {
        let probe = Probe()
        var solver = NelderMead()
        var options = Options(gradientTolerance: 0, maxIterations: 400 - 1, maxEvaluations: 400, traceEvery: 1)
        var bounds: Bounds?
        let objective: FunctionObjective, x0: [Double]
        switch name {
        case "quadratic", "quadratic-adaptive", "quadratic-maxfev":
            objective = quadratic(probe)
            x0 = [0, 0, 0]
            solver.adaptive = name == "quadratic-adaptive"
            options.maxIterations = 600 - 1
            options.maxEvaluations = 600
        default:
            objective = rosenbrock(probe)
            x0 = [-1.2, 1]
        }
        switch name {
        case "rosenbrock-bounded": bounds = try Bounds(lower: [-1.5, -0.5], upper: [0.5, 0.8])
        case "rosenbrock-maxiter": options.maxIterations = 30 - 1
        case "rosenbrock-maxfev": solver.maxEvaluations = 46
        case "quadratic-maxfev": solver.maxEvaluations = 3
        case "rosenbrock-tight":
            solver.xatol = 1e-8
            solver.fatol = 1e-10
            options.maxIterations = 1000 - 1
            options.maxEvaluations = nil
        default: break
        }
        return (try minimize(objective, from: x0, bounds: bounds, using: solver, options: options), probe)
    }

    @Test(arguments: ["rosenbrock", "quadratic", "quadratic-adaptive", "rosenbrock-bounded", "rosenbrock-maxiter",
                      "rosenbrock-maxfev", "quadratic-maxfev", "rosenbrock-tight"])
    func reproducesScipyBitForBit(_ name: String) throws {
        let expected = try #require(Self.reference[name])
        let (result, probe) = try Self.run(name)
        #expect(result.iterations == expected.nit - 1, "\(name): iterations")
        #expect(result.valueEvaluations == expected.nfev, "\(name): f evaluations")
        #expect(result.gradientEvaluations == 0 && probe.gradientRequests == 0, "\(name): never asks for ∇f")
        #expect(result.x == expected.x, "\(name): x \(result.x) vs scipy \(expected.x)")
        #expect(result.value == expected.f, "\(name): f")
        #expect(result.gradientNorm.isNaN, "\(name): no gradient norm")
        let status: Status =
            expected.status == 0 ? .convergedStep : expected.status == 1 ? .evaluationLimit : .iterationLimit
        #expect(result.status == status, "\(name): status")
        // The trace's entries 1… are the iterations; scipy's callback ran once more at a converged simplex.
        let trace = Array(result.trace.dropFirst())
        #expect(trace.count == expected.nit - 1)
        for (k, entry) in trace.enumerated() where k >= expected.from && k - expected.from < expected.best.count {
            #expect(entry.value == expected.best[k - expected.from], "\(name) iteration \(k + 1): f")
            #expect(entry.valueEvaluations == expected.evaluations[k - expected.from],
                    "\(name) iteration \(k + 1): evaluations")
        }
    }

    @Test func convergedStatusNamesBothTests() throws {
        let (result, _) = try Self.run("rosenbrock")
        let detail = try #require(result.detail)
        #expect(detail.contains("≤ xatol") && detail.contains("≤ fatol"), "\(detail)")
        #expect(result.status == .convergedStep)
    }

    @Test func staysInTheBoxAndReflectsTheInitialSimplex() throws {
        // x0 on the upper bound: scipy's default simplex steps above it (×1.05) and is reflected
        // to 2u − 1.05u = 0.95u, not clipped onto x0 (which would make the simplex degenerate).
        let bounds = try Bounds(lower: [-2, -2], upper: [1, 2])
        var seen: [[Double]] = []
        let probe = Probe()
        let base = Self.rosenbrock(probe)
        let objective = FunctionObjective(dimension: 2) { x, g in
            seen.append(Array(x))
            return base.valueAndGradientOrValue(x, g)
        }
        let result = try minimize(objective, from: [1, 2], bounds: bounds, using: NelderMead(),
                                  options: Options(gradientTolerance: 0, maxIterations: 200))
        #expect(seen.count == result.valueEvaluations)
        #expect(distance(seen[1], [0.95, 2]) <= 1e-15 && distance(seen[2], [1, 1.9]) <= 1e-15, "\(seen.prefix(3))")
        for x in seen { #expect(x[0] >= -2 && x[0] <= 1 && x[1] >= -2 && x[1] <= 2, "\(x) leaves the box") }
        #expect(result.value < 1e-6 && result.status == .convergedStep)
    }

    @Test func initialSimplexIsUsedAndChecked() throws {
        let probe = Probe()
        let simplex: [[Double]] = [[-1.2, 1], [-1, 1], [-1.2, 1.2]]
        let solver = NelderMead(initialSimplex: simplex)
        let result = try minimize(Self.rosenbrock(probe), from: [-1.2, 1], using: solver,
                                  options: Options(gradientTolerance: 0, maxIterations: 0))
        // The first vertex is x0: its f is the driver's, so 3 evaluations for 3 vertices.
        #expect(result.valueEvaluations == 3)
        #expect(throws: MinimizeError.unsupported(.initialSimplexMismatch(points: 2, coordinates: 2, dimension: 2))) {
            try minimize(Self.rosenbrock(probe), from: [-1.2, 1],
                         using: NelderMead(initialSimplex: Array(simplex.prefix(2))))
        }
        #expect(throws: MinimizeError.self) {
            try minimize(Self.rosenbrock(probe), from: [-1.2, 1],
                         using: NelderMead(initialSimplex: [[-1.2, 1], [.nan, 1], [-1.2, 1.2]]))
        }
    }

    @Test func adaptiveCoefficientsAreGaoAndHans() {
        let c = NelderMead(adaptive: true).coefficients(dimension: 4)
        #expect(c.rho == 1 && c.chi == 1.5 && c.psi == 0.625 && c.sigma == 0.75)
        let s = NelderMead().coefficients(dimension: 4)
        #expect(s.rho == 1 && s.chi == 2 && s.psi == 0.5 && s.sigma == 0.5)
    }

    @Test func nonFiniteStartIsReported() throws {
        let objective = FunctionObjective(dimension: 2) { _, _ in .nan }
        let result = try minimize(objective, from: [0, 0], using: NelderMead())
        #expect(result.status == .nonFiniteValue)
        #expect(result.valueEvaluations == 1 && result.gradientEvaluations == 0)
    }
}

extension FunctionObjective {
    /// f(x) through the objective, with a gradient only when one is asked for.
    fileprivate func valueAndGradientOrValue(
        _ x: UnsafeBufferPointer<Double>, _ g: UnsafeMutableBufferPointer<Double>?
    ) -> Double {
        if let g { return valueAndGradient(at: x, gradient: g) }
        return value(at: x)
    }
}
