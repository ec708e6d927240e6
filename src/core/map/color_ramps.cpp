// Colour ramps: exact ColorBrewer schemes and the matplotlib perceptual maps (viridis family).
//
// Sections: 1. ColorBrewer tables  2. viridis/magma/inferno/cividis tables  3. lookup and sampling.
//
// This product includes color specifications and designs developed by Cynthia Brewer
// (http://colorbrewer.org/), Apache-style licence. Values as published on colorbrewer2.org; the
// largest scheme of each was checked against matplotlib's ColorBrewer tables (Brewer's own sheet).
// viridis, magma, inferno (van der Walt & Smith) and cividis (Nuñez et al.) are CC0; the 256-entry
// tables are matplotlib's _cm_listed.py values, rounded to 8 bits.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <string>

#include "core/map/classify.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace zila {
namespace {

enum class RampKind : uint8_t { sequential, diverging };

// by_count[i] holds the scheme with i+3 colours: 3..9 for sequential, 3..11 for diverging.
struct BrewerScheme {
  std::string_view name;
  RampKind kind;
  bool colorblind_safe;  // colorbrewer2.org's "colorblind safe" flag; RdYlGn is only "maybe" up to 5
  std::array<std::string_view, 9> by_count;
};

// ---- 1. ColorBrewer tables -------------------------------------------------------------------
constexpr std::array<BrewerScheme, 16> kBrewerSchemes{{
    {"YlOrRd", RampKind::sequential, true,
     {"#ffeda0 #feb24c #f03b20",
      "#ffffb2 #fecc5c #fd8d3c #e31a1c",
      "#ffffb2 #fecc5c #fd8d3c #f03b20 #bd0026",
      "#ffffb2 #fed976 #feb24c #fd8d3c #f03b20 #bd0026",
      "#ffffb2 #fed976 #feb24c #fd8d3c #fc4e2a #e31a1c #b10026",
      "#ffffcc #ffeda0 #fed976 #feb24c #fd8d3c #fc4e2a #e31a1c #b10026",
      "#ffffcc #ffeda0 #fed976 #feb24c #fd8d3c #fc4e2a #e31a1c #bd0026 #800026"}},
    {"OrRd", RampKind::sequential, true,
     {"#fee8c8 #fdbb84 #e34a33",
      "#fef0d9 #fdcc8a #fc8d59 #d7301f",
      "#fef0d9 #fdcc8a #fc8d59 #e34a33 #b30000",
      "#fef0d9 #fdd49e #fdbb84 #fc8d59 #e34a33 #b30000",
      "#fef0d9 #fdd49e #fdbb84 #fc8d59 #ef6548 #d7301f #990000",
      "#fff7ec #fee8c8 #fdd49e #fdbb84 #fc8d59 #ef6548 #d7301f #990000",
      "#fff7ec #fee8c8 #fdd49e #fdbb84 #fc8d59 #ef6548 #d7301f #b30000 #7f0000"}},
    {"Reds", RampKind::sequential, true,
     {"#fee0d2 #fc9272 #de2d26",
      "#fee5d9 #fcae91 #fb6a4a #cb181d",
      "#fee5d9 #fcae91 #fb6a4a #de2d26 #a50f15",
      "#fee5d9 #fcbba1 #fc9272 #fb6a4a #de2d26 #a50f15",
      "#fee5d9 #fcbba1 #fc9272 #fb6a4a #ef3b2c #cb181d #99000d",
      "#fff5f0 #fee0d2 #fcbba1 #fc9272 #fb6a4a #ef3b2c #cb181d #99000d",
      "#fff5f0 #fee0d2 #fcbba1 #fc9272 #fb6a4a #ef3b2c #cb181d #a50f15 #67000d"}},
    {"Oranges", RampKind::sequential, true,
     {"#fee6ce #fdae6b #e6550d",
      "#feedde #fdbe85 #fd8d3c #d94701",
      "#feedde #fdbe85 #fd8d3c #e6550d #a63603",
      "#feedde #fdd0a2 #fdae6b #fd8d3c #e6550d #a63603",
      "#feedde #fdd0a2 #fdae6b #fd8d3c #f16913 #d94801 #8c2d04",
      "#fff5eb #fee6ce #fdd0a2 #fdae6b #fd8d3c #f16913 #d94801 #8c2d04",
      "#fff5eb #fee6ce #fdd0a2 #fdae6b #fd8d3c #f16913 #d94801 #a63603 #7f2704"}},
    {"Purples", RampKind::sequential, true,
     {"#efedf5 #bcbddc #756bb1",
      "#f2f0f7 #cbc9e2 #9e9ac8 #6a51a3",
      "#f2f0f7 #cbc9e2 #9e9ac8 #756bb1 #54278f",
      "#f2f0f7 #dadaeb #bcbddc #9e9ac8 #756bb1 #54278f",
      "#f2f0f7 #dadaeb #bcbddc #9e9ac8 #807dba #6a51a3 #4a1486",
      "#fcfbfd #efedf5 #dadaeb #bcbddc #9e9ac8 #807dba #6a51a3 #4a1486",
      "#fcfbfd #efedf5 #dadaeb #bcbddc #9e9ac8 #807dba #6a51a3 #54278f #3f007d"}},
    {"Blues", RampKind::sequential, true,
     {"#deebf7 #9ecae1 #3182bd",
      "#eff3ff #bdd7e7 #6baed6 #2171b5",
      "#eff3ff #bdd7e7 #6baed6 #3182bd #08519c",
      "#eff3ff #c6dbef #9ecae1 #6baed6 #3182bd #08519c",
      "#eff3ff #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #084594",
      "#f7fbff #deebf7 #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #084594",
      "#f7fbff #deebf7 #c6dbef #9ecae1 #6baed6 #4292c6 #2171b5 #08519c #08306b"}},
    {"Greens", RampKind::sequential, true,
     {"#e5f5e0 #a1d99b #31a354",
      "#edf8e9 #bae4b3 #74c476 #238b45",
      "#edf8e9 #bae4b3 #74c476 #31a354 #006d2c",
      "#edf8e9 #c7e9c0 #a1d99b #74c476 #31a354 #006d2c",
      "#edf8e9 #c7e9c0 #a1d99b #74c476 #41ab5d #238b45 #005a32",
      "#f7fcf5 #e5f5e0 #c7e9c0 #a1d99b #74c476 #41ab5d #238b45 #005a32",
      "#f7fcf5 #e5f5e0 #c7e9c0 #a1d99b #74c476 #41ab5d #238b45 #006d2c #00441b"}},
    {"YlGnBu", RampKind::sequential, true,
     {"#edf8b1 #7fcdbb #2c7fb8",
      "#ffffcc #a1dab4 #41b6c4 #225ea8",
      "#ffffcc #a1dab4 #41b6c4 #2c7fb8 #253494",
      "#ffffcc #c7e9b4 #7fcdbb #41b6c4 #2c7fb8 #253494",
      "#ffffcc #c7e9b4 #7fcdbb #41b6c4 #1d91c0 #225ea8 #0c2c84",
      "#ffffd9 #edf8b1 #c7e9b4 #7fcdbb #41b6c4 #1d91c0 #225ea8 #0c2c84",
      "#ffffd9 #edf8b1 #c7e9b4 #7fcdbb #41b6c4 #1d91c0 #225ea8 #253494 #081d58"}},
    {"PuRd", RampKind::sequential, true,
     {"#e7e1ef #c994c7 #dd1c77",
      "#f1eef6 #d7b5d8 #df65b0 #ce1256",
      "#f1eef6 #d7b5d8 #df65b0 #dd1c77 #980043",
      "#f1eef6 #d4b9da #c994c7 #df65b0 #dd1c77 #980043",
      "#f1eef6 #d4b9da #c994c7 #df65b0 #e7298a #ce1256 #91003f",
      "#f7f4f9 #e7e1ef #d4b9da #c994c7 #df65b0 #e7298a #ce1256 #91003f",
      "#f7f4f9 #e7e1ef #d4b9da #c994c7 #df65b0 #e7298a #ce1256 #980043 #67001f"}},
    {"YlOrBr", RampKind::sequential, true,
     {"#fff7bc #fec44f #d95f0e",
      "#ffffd4 #fed98e #fe9929 #cc4c02",
      "#ffffd4 #fed98e #fe9929 #d95f0e #993404",
      "#ffffd4 #fee391 #fec44f #fe9929 #d95f0e #993404",
      "#ffffd4 #fee391 #fec44f #fe9929 #ec7014 #cc4c02 #8c2d04",
      "#ffffe5 #fff7bc #fee391 #fec44f #fe9929 #ec7014 #cc4c02 #8c2d04",
      "#ffffe5 #fff7bc #fee391 #fec44f #fe9929 #ec7014 #cc4c02 #993404 #662506"}},
    {"RdBu", RampKind::diverging, true,
     {"#ef8a62 #f7f7f7 #67a9cf",
      "#ca0020 #f4a582 #92c5de #0571b0",
      "#ca0020 #f4a582 #f7f7f7 #92c5de #0571b0",
      "#b2182b #ef8a62 #fddbc7 #d1e5f0 #67a9cf #2166ac",
      "#b2182b #ef8a62 #fddbc7 #f7f7f7 #d1e5f0 #67a9cf #2166ac",
      "#b2182b #d6604d #f4a582 #fddbc7 #d1e5f0 #92c5de #4393c3 #2166ac",
      "#b2182b #d6604d #f4a582 #fddbc7 #f7f7f7 #d1e5f0 #92c5de #4393c3 #2166ac",
      "#67001f #b2182b #d6604d #f4a582 #fddbc7 #d1e5f0 #92c5de #4393c3 #2166ac #053061",
      "#67001f #b2182b #d6604d #f4a582 #fddbc7 #f7f7f7 #d1e5f0 #92c5de #4393c3 #2166ac #053061"}},
    {"RdYlBu", RampKind::diverging, true,
     {"#fc8d59 #ffffbf #91bfdb",
      "#d7191c #fdae61 #abd9e9 #2c7bb6",
      "#d7191c #fdae61 #ffffbf #abd9e9 #2c7bb6",
      "#d73027 #fc8d59 #fee090 #e0f3f8 #91bfdb #4575b4",
      "#d73027 #fc8d59 #fee090 #ffffbf #e0f3f8 #91bfdb #4575b4",
      "#d73027 #f46d43 #fdae61 #fee090 #e0f3f8 #abd9e9 #74add1 #4575b4",
      "#d73027 #f46d43 #fdae61 #fee090 #ffffbf #e0f3f8 #abd9e9 #74add1 #4575b4",
      "#a50026 #d73027 #f46d43 #fdae61 #fee090 #e0f3f8 #abd9e9 #74add1 #4575b4 #313695",
      "#a50026 #d73027 #f46d43 #fdae61 #fee090 #ffffbf #e0f3f8 #abd9e9 #74add1 #4575b4 #313695"}},
    {"BrBG", RampKind::diverging, true,
     {"#d8b365 #f5f5f5 #5ab4ac",
      "#a6611a #dfc27d #80cdc1 #018571",
      "#a6611a #dfc27d #f5f5f5 #80cdc1 #018571",
      "#8c510a #d8b365 #f6e8c3 #c7eae5 #5ab4ac #01665e",
      "#8c510a #d8b365 #f6e8c3 #f5f5f5 #c7eae5 #5ab4ac #01665e",
      "#8c510a #bf812d #dfc27d #f6e8c3 #c7eae5 #80cdc1 #35978f #01665e",
      "#8c510a #bf812d #dfc27d #f6e8c3 #f5f5f5 #c7eae5 #80cdc1 #35978f #01665e",
      "#543005 #8c510a #bf812d #dfc27d #f6e8c3 #c7eae5 #80cdc1 #35978f #01665e #003c30",
      "#543005 #8c510a #bf812d #dfc27d #f6e8c3 #f5f5f5 #c7eae5 #80cdc1 #35978f #01665e #003c30"}},
    {"PuOr", RampKind::diverging, true,
     {"#f1a340 #f7f7f7 #998ec3",
      "#e66101 #fdb863 #b2abd2 #5e3c99",
      "#e66101 #fdb863 #f7f7f7 #b2abd2 #5e3c99",
      "#b35806 #f1a340 #fee0b6 #d8daeb #998ec3 #542788",
      "#b35806 #f1a340 #fee0b6 #f7f7f7 #d8daeb #998ec3 #542788",
      "#b35806 #e08214 #fdb863 #fee0b6 #d8daeb #b2abd2 #8073ac #542788",
      "#b35806 #e08214 #fdb863 #fee0b6 #f7f7f7 #d8daeb #b2abd2 #8073ac #542788",
      "#7f3b08 #b35806 #e08214 #fdb863 #fee0b6 #d8daeb #b2abd2 #8073ac #542788 #2d004b",
      "#7f3b08 #b35806 #e08214 #fdb863 #fee0b6 #f7f7f7 #d8daeb #b2abd2 #8073ac #542788 #2d004b"}},
    {"PiYG", RampKind::diverging, true,
     {"#e9a3c9 #f7f7f7 #a1d76a",
      "#d01c8b #f1b6da #b8e186 #4dac26",
      "#d01c8b #f1b6da #f7f7f7 #b8e186 #4dac26",
      "#c51b7d #e9a3c9 #fde0ef #e6f5d0 #a1d76a #4d9221",
      "#c51b7d #e9a3c9 #fde0ef #f7f7f7 #e6f5d0 #a1d76a #4d9221",
      "#c51b7d #de77ae #f1b6da #fde0ef #e6f5d0 #b8e186 #7fbc41 #4d9221",
      "#c51b7d #de77ae #f1b6da #fde0ef #f7f7f7 #e6f5d0 #b8e186 #7fbc41 #4d9221",
      "#8e0152 #c51b7d #de77ae #f1b6da #fde0ef #e6f5d0 #b8e186 #7fbc41 #4d9221 #276419",
      "#8e0152 #c51b7d #de77ae #f1b6da #fde0ef #f7f7f7 #e6f5d0 #b8e186 #7fbc41 #4d9221 #276419"}},
    {"RdYlGn", RampKind::diverging, false,
     {"#fc8d59 #ffffbf #91cf60",
      "#d7191c #fdae61 #a6d96a #1a9641",
      "#d7191c #fdae61 #ffffbf #a6d96a #1a9641",
      "#d73027 #fc8d59 #fee08b #d9ef8b #91cf60 #1a9850",
      "#d73027 #fc8d59 #fee08b #ffffbf #d9ef8b #91cf60 #1a9850",
      "#d73027 #f46d43 #fdae61 #fee08b #d9ef8b #a6d96a #66bd63 #1a9850",
      "#d73027 #f46d43 #fdae61 #fee08b #ffffbf #d9ef8b #a6d96a #66bd63 #1a9850",
      "#a50026 #d73027 #f46d43 #fdae61 #fee08b #d9ef8b #a6d96a #66bd63 #1a9850 #006837",
      "#a50026 #d73027 #f46d43 #fdae61 #fee08b #ffffbf #d9ef8b #a6d96a #66bd63 #1a9850 #006837"}},
}};

// ---- 2. Perceptual maps: 256 colours each, 6 hex digits per colour --------------------------
constexpr std::string_view kViridisLut =
    "44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769"
    "48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a"
    "472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85"
    "4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b"
    "3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d"
    "33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e"
    "2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e"
    "26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d"
    "21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88"
    "1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81"
    "28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74"
    "3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863"
    "5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d"
    "84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32"
    "addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a"
    "d8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725";
constexpr std::string_view kMagmaLut =
    "00000401000501010601010802010902020b02020d03030f03031204041405041606051806051a07061c08071e090720"
    "0a08220b09240c09260d0a290e0b2b100b2d110c2f120d31130d34140e36150e38160f3b180f3d19103f1a10421c1044"
    "1d11471e114920114b21114e22115024125325125527125829115a2a115c2c115f2d11612f1163311165331067341069"
    "36106b38106c390f6e3b0f703d0f713f0f72400f74420f75440f764510774710784910784a10794c117a4e117b4f127b"
    "51127c52137c54137d56147d57157e59157e5a167e5c167f5d177f5f187f601880621980641a80651a80671b80681c81"
    "6a1c816b1d816d1d816e1e81701f81721f817320817521817621817822817922827b23827c23827e2482802582812581"
    "8326818426818627818827818928818b29818c29818e2a81902a81912b81932b80942c80962c80982d80992d809b2e7f"
    "9c2e7f9e2f7fa02f7fa1307ea3307ea5317ea6317da8327daa337dab337cad347cae347bb0357bb2357bb3367ab5367a"
    "b73779b83779ba3878bc3978bd3977bf3a77c03a76c23b75c43c75c53c74c73d73c83e73ca3e72cc3f71cd4071cf4070"
    "d0416fd2426fd3436ed5446dd6456cd8456cd9466bdb476adc4869de4968df4a68e04c67e24d66e34e65e44f64e55064"
    "e75263e85362e95462ea5661eb5760ec5860ed5a5fee5b5eef5d5ef05f5ef1605df2625df2645cf3655cf4675cf4695c"
    "f56b5cf66c5cf66e5cf7705cf7725cf8745cf8765cf9785df9795df97b5dfa7d5efa7f5efa815ffb835ffb8560fb8761"
    "fc8961fc8a62fc8c63fc8e64fc9065fd9266fd9467fd9668fd9869fd9a6afd9b6bfe9d6cfe9f6dfea16efea36ffea571"
    "fea772fea973feaa74feac76feae77feb078feb27afeb47bfeb67cfeb77efeb97ffebb81febd82febf84fec185fec287"
    "fec488fec68afec88cfeca8dfecc8ffecd90fecf92fed194fed395fed597fed799fed89afdda9cfddc9efddea0fde0a1"
    "fde2a3fde3a5fde5a7fde7a9fde9aafdebacfcecaefceeb0fcf0b2fcf2b4fcf4b6fcf6b8fcf7b9fcf9bbfcfbbdfcfdbf";
constexpr std::string_view kInfernoLut =
    "00000401000501010601010802010a02020c02020e03021004031204031405041706041907051b08051d09061f0a0722"
    "0b07240c08260d08290e092b10092d110a30120a32140b34150b37160b39180c3c190c3e1b0c411c0c431e0c451f0c48"
    "210c4a230c4c240c4f260c51280b53290b552b0b572d0b592f0a5b310a5c320a5e340a5f3609613809623909633b0964"
    "3d09653e0966400a67420a68440a68450a69470b6a490b6a4a0c6b4c0c6b4d0d6c4f0d6c510e6c520e6d540f6d550f6d"
    "57106e59106e5a116e5c126e5d126e5f136e61136e62146e64156e65156e67166e69166e6a176e6c186e6d186e6f196e"
    "71196e721a6e741a6e751b6e771c6d781c6d7a1d6d7c1d6d7d1e6d7f1e6c801f6c82206c84206b85216b87216b88226a"
    "8a226a8c23698d23698f24699025689225689326679526679727669827669a28659b29649d29649f2a63a02a63a22b62"
    "a32c61a52c60a62d60a82e5fa92e5eab2f5ead305dae305cb0315bb1325ab3325ab43359b63458b73557b93556ba3655"
    "bc3754bd3853bf3952c03a51c13a50c33b4fc43c4ec63d4dc73e4cc83f4bca404acb4149cc4248ce4347cf4446d04545"
    "d24644d34743d44842d54a41d74b3fd84c3ed94d3dda4e3cdb503bdd513ade5238df5337e05536e15635e25734e35933"
    "e45a31e55c30e65d2fe75e2ee8602de9612bea632aeb6429eb6628ec6726ed6925ee6a24ef6c23ef6e21f06f20f1711f"
    "f1731df2741cf3761bf37819f47918f57b17f57d15f67e14f68013f78212f78410f8850ff8870ef8890cf98b0bf98c0a"
    "f98e09fa9008fa9207fa9407fb9606fb9706fb9906fb9b06fb9d07fc9f07fca108fca309fca50afca60cfca80dfcaa0f"
    "fcac11fcae12fcb014fcb216fcb418fbb61afbb81dfbba1ffbbc21fbbe23fac026fac228fac42afac62df9c72ff9c932"
    "f9cb35f8cd37f8cf3af7d13df7d340f6d543f6d746f5d949f5db4cf4dd4ff4df53f4e156f3e35af3e55df2e661f2e865"
    "f2ea69f1ec6df1ed71f1ef75f1f179f2f27df2f482f3f586f3f68af4f88ef5f992f6fa96f8fb9af9fc9dfafda1fcffa4";
constexpr std::string_view kCividisLut =
    "00224e00234f00245100255300255400265600275800285900285b00295d002a5f002a61002b62002c64002c66002d68"
    "002e6a002e6c002f6d00306f0030700031700031710132710533710833700c34700f357012357014367016377018376f"
    "1a386f1c396f1e3a6f203a6f213b6e233c6e243c6e263d6e273e6e293f6e2a3f6d2b406d2d416d2e416d2f426d31436d"
    "32436d33446d34456c35456c36466c38476c39486c3a486c3b496c3c4a6c3d4a6c3e4b6c3f4c6c404c6c414d6c424e6c"
    "434e6c444f6c45506c46516c47516c48526c49536c4a536c4b546c4c556c4d556c4e566c4f576c50576c51586d52596d"
    "535a6d545a6d555b6d555c6d565c6d575d6d585e6d595e6e5a5f6e5b606e5c616e5d616e5e626e5e636f5f636f60646f"
    "61656f62656f636670646770656870656870666970676a71686a71696b716a6c716b6d726c6d726c6e726d6f726e6f73"
    "6f70737071737172747272747273747374757474757575757676767777767777777878777979777a7a787b7a787c7b78"
    "7d7c787e7c787e7d787f7e78807f78817f788280798381798482798582798683798784788885788985788a86788b8778"
    "8c88788d88788e89788f8a78908b78918b78928c78928d78938e78948e77958f779690779791779892779992779a9376"
    "9b94769c95769d95769e96769f9775a09875a19975a29975a39a74a49b74a59c74a69c74a79d73a89e73a99f73aaa073"
    "aba072aca172ada272aea371afa471b0a571b1a570b3a670b4a76fb5a86fb6a96fb7a96eb8aa6eb9ab6dbaac6dbbad6d"
    "bcae6cbdae6cbeaf6bbfb06bc0b16ac1b26ac2b369c3b369c4b468c5b568c6b667c7b767c8b866c9b965cbb965ccba64"
    "cdbb63cebc63cfbd62d0be62d1bf61d2c060d3c05fd4c15fd5c25ed6c35dd7c45cd9c55cdac65bdbc75adcc859ddc858"
    "dec958dfca57e0cb56e1cc55e2cd54e4ce53e5cf52e6d051e7d150e8d24fe9d34eead34cebd44bedd54aeed649efd748"
    "f0d846f1d945f2da44f3db42f5dc41f6dd3ff7de3ef8df3cf9e03afbe138fce236fde334fee434fee535fee636fee838";


struct LutRamp {
  std::string_view name;
  std::string_view table;
};
constexpr std::array<LutRamp, 4> kLutRamps{{
    {"viridis", kViridisLut}, {"magma", kMagmaLut}, {"inferno", kInfernoLut}, {"cividis", kCividisLut}}};

// ---- 3. Lookup and sampling ------------------------------------------------------------------
uint8_t hex_byte(std::string_view two_digits) {
  auto digit = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  return static_cast<uint8_t>(digit(two_digits[0]) * 16 + digit(two_digits[1]));
}

// Accepts "#rrggbb #rrggbb ..." (ColorBrewer rows) and "rrggbbrrggbb..." (tables).
std::vector<Rgb> parse_hex_colors(std::string_view text) {
  std::vector<Rgb> colors;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '#' || text[i] == ' ') {
      ++i;
      continue;
    }
    colors.push_back({hex_byte(text.substr(i, 2)), hex_byte(text.substr(i + 2, 2)), hex_byte(text.substr(i + 4, 2))});
    i += 6;
  }
  return colors;
}

// `count` colours spread evenly over the anchors (both ends included; a single colour is the
// middle), linear in sRGB between neighbouring anchors.
std::vector<Rgb> sample(const std::vector<Rgb>& anchors, int count) {
  std::vector<Rgb> colors;
  const double last = static_cast<double>(anchors.size() - 1);
  for (int i = 0; i < count; ++i) {
    const double position = count == 1 ? last / 2 : last * i / (count - 1);
    const size_t below = std::min(static_cast<size_t>(position), anchors.size() - 2);
    const double t = position - static_cast<double>(below);
    auto mix = [t](uint8_t a, uint8_t b) { return static_cast<uint8_t>(std::lround(a + (b - a) * t)); };
    const Rgb& a = anchors[below];
    const Rgb& b = anchors[below + 1];
    colors.push_back({mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)});
  }
  return colors;
}

bool same_name(std::string_view a, std::string_view b) { return ascii_iequals(a, b); }

const BrewerScheme* find_brewer(std::string_view name) {
  for (const BrewerScheme& scheme : kBrewerSchemes)
    if (same_name(scheme.name, name)) return &scheme;
  return nullptr;
}

const LutRamp* find_lut(std::string_view name) {
  for (const LutRamp& ramp : kLutRamps)
    if (same_name(ramp.name, name)) return &ramp;
  return nullptr;
}

[[noreturn]] void throw_unknown_ramp(std::string_view name) {
  std::string valid;
  for (const std::string& known : ramp_names()) valid += (valid.empty() ? "" : ", ") + known;
  throw Error("unknown colour ramp '" + std::string(name) + "' (valid: " + valid + ")");
}

}  // namespace

std::vector<Rgb> ramp_colors(std::string_view ramp, int count) {
  if (const BrewerScheme* scheme = find_brewer(ramp)) {
    if (count <= 0) return {};
    const auto available = static_cast<int>(std::count_if(scheme->by_count.begin(), scheme->by_count.end(),
                                                          [](std::string_view row) { return !row.empty(); }));
    if (count >= 3 && count < 3 + available) return parse_hex_colors(scheme->by_count[static_cast<size_t>(count - 3)]);
    const size_t source_row = count < 3 ? 0 : static_cast<size_t>(available - 1);
    return sample(parse_hex_colors(scheme->by_count[source_row]), count);
  }
  if (const LutRamp* lut = find_lut(ramp)) {
    if (count <= 0) return {};
    return sample(parse_hex_colors(lut->table), count);
  }
  throw_unknown_ramp(ramp);
}

std::vector<std::string> ramp_names() {
  std::vector<std::string> names;
  for (const BrewerScheme& scheme : kBrewerSchemes) names.emplace_back(scheme.name);
  for (const LutRamp& ramp : kLutRamps) names.emplace_back(ramp.name);
  return names;
}

bool ramp_is_colorblind_safe(std::string_view ramp) {
  if (const BrewerScheme* scheme = find_brewer(ramp)) return scheme->colorblind_safe;
  if (find_lut(ramp)) return true;  // designed for colour-vision deficiencies
  throw_unknown_ramp(ramp);
}

bool ramp_is_diverging(std::string_view ramp) {
  if (const BrewerScheme* scheme = find_brewer(ramp)) return scheme->kind == RampKind::diverging;
  if (find_lut(ramp)) return false;
  throw_unknown_ramp(ramp);
}

}  // namespace zila
