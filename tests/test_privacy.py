"""No person names, e-mail addresses or phone numbers in the map, the code or the pages.

The map is function- and organisation-driven, not person-driven ("Måste vara funktions-
och organisationsstyrt, inte personstyrt", 003 «Psykisk ohälsa» L304): seats and
contacts are held by organisations and functions.  The minutes behind the map name 45
people (inventory §6); none of them may appear in ``data/forums.yaml``, in the other
files under ``data/``, or in ``frontend/``, ``kartan/``, ``api/`` and ``docs/``.

How the names are checked without writing them down here
---------------------------------------------------------
This test must not itself put the names into the repository, so it stores only SHA-256
hashes.  A text is normalised the same way as the names were before hashing:

1. lower-cased, Unicode NFKD, combining marks removed (``ö`` -> ``o``, ``å`` -> ``a``);
2. split into words on every character that is not a letter (``K-G`` -> ``k g``);
3. every window of 1, 2 and 3 consecutive words is joined with single spaces and hashed
   with SHA-256 (UTF-8).

A window whose hash is in ``PERSON_NAME_HASHES`` fails the test.  That set holds each
full name as written in the minutes (also surname first for two-word names) and the
surnames that are not ordinary words.  First names alone are too common in code and
prose (and some are Swedish words), so they are checked, as ``FIRST_NAME_HASHES``, in
``data/forums.yaml`` only.

To add a name, print its hash and add the hash, never the name::

    .venv/bin/python -c "from tests.test_privacy import name_hash; print(name_hash('Förnamn Efternamn'))"

E-mail addresses and phone-number-like sequences (``019-21 10 00``, ``070-123 45 67``,
``+46 19 ...``) are found with regular expressions in ``data/forums.yaml``,
``frontend/`` and ``kartan/``.  Missing directories are skipped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REAL_MAP, ROOT, needs_real_map

NAME_DIRS = ("data", "frontend", "kartan", "api", "docs")
CONTACT_DIRS = ("frontend", "kartan")
SKIP_PARTS = {"__pycache__", "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache"}

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# A Swedish number starts with +46 or 0 and an area code that does not start with 0;
# 7 to 11 digits in all, optionally grouped by spaces or hyphens.
PHONE = re.compile(r"(?<![\w.\-/#])(?:\+46[ -]?|0)[1-9]\d{0,2}(?:[ -]?\d){5,8}(?!\w)")

PERSON_NAME_HASHES: frozenset[str] = frozenset(
    {
        "0117193f92107d2ffcf318e7a9f87f7c8fb1b39f491e8a32232b8bea34821ab2",
        "04ad0f9de3e95cb598f41e91fae3376726b1610895d983d4d411f1a33794bca5",
        "074a6dc5f3aefb0ff94faafc244bd26ed3faa6451180d256a208581452e3df14",
        "093db292d500f4c5cb42b0f2f37c1d2aacb51537cb4cd9aa4f04a359f44f0a45",
        "0b4f56f63e96603c1d1736bc23e7444a20cea973f4ec30e7a5bbb7d78e58fa44",
        "110c9eb5ad9f0be4375059f2ecd9c35dc5237de7f5f92398dc3b5b5b2b693536",
        "1bae3c00996c08411d474acc5df9fd5396d9afe780cd7db808c1bc4569853fb1",
        "1d305e7ad816910fb7ecbe4642f56b3ef6c9781f59719e3b4fba210d1e7daac7",
        "25f2c402819bc079795c6945ad7f5ab1f0a2defd446d6eb1ee9a9d4d7f7d6a7b",
        "2674f97944a899093b1793929626ced15ad76ccd8e6f4c73bca33bcac2525aa7",
        "26bcfb93254d57378063809f16c6b943b609297e24499b3cc787319463ebb2f0",
        "271870239af63adf75f7af66721a6b49cfdfa761c4563bede4ac4b87e43ea020",
        "282287e4a9ba2be6458812f46db57290586d2c15ebedc257df548d3ee51e2fff",
        "2c6aac0d3ba552ea67f3c03e6de90b91b7dfc2b176c4807abb52b34bb0bffd87",
        "2df241c100e089fce2208cb469669e46dca3ae75fa5c549a678c979d084a962e",
        "2f50b94dff5a459c2053f4000db009f239ac1c981d7f8930ece7bbe6f3264455",
        "31f297f03f80b354fc8db8f5fe6ecbd4310ab84aa44c80f1b0f6bebfcc454467",
        "32bd9fc839e93ee210a0f28ee366ef92bc1cf786b332e81a7623883b694e7d84",
        "33c2347d096d6427f7034ff730edc41019c92cb380e58a4fee16ca5f49bf4eb7",
        "349328e31e708ea5a89f6206d541b635ef32fdf685944cd4203648475b76b91b",
        "366786981465509f5aa5fee0068ea4c21678be2648e42bf0f788735a40b2526f",
        "37fa4f5af641906d80f6f082b479d39861da44d6e3af264c366f6ec2da2d2de4",
        "39b5193c3379cb6ec80d3b7353c6605507ec2ca327dee96e31783ffc5c43f91e",
        "3a5b4382bf63a3975d9baea04d397c82bc81d3c017914a67d14a730134f9281f",
        "3cfa48c433ea3e42e6a3ac00912815f0cc5cb4f7e80ab315c96f11ced51b7b0a",
        "3ea518c2ce412c22841d39f8e7a75d164f6d4099540658f8e76cb83806506179",
        "425cf56c6bc1dc9c41f4a3c589c66eba9d4e059e7c5e9e40efdc1f8b406713d8",
        "4361e0ee3f6d559d51d4b359876564e117907b6927c84096fe174ac1927b091c",
        "441f5087f3860b881c27bc69cb33010539358c4caa6927b437a7759723fb29b4",
        "4586e0945a0226728b3829266f1f694a0864b259f0e573f081988a40467bf56c",
        "462dda369489e6390fc92ab3219c55e32e20d1fd4f2e7ae2e97662fa7541324d",
        "474d610e57261f1e9d7da3016e25e1bd7723aca612684fdf80eef30fb03e5179",
        "4984bfa200c55e7b24f84ed2459de98c622152fb8eef3c0ee49094f14ca59868",
        "498acad3f3bdb27e004e64d0a53877d0ccdf3dcfc475bcb976d64c65d6cdbfed",
        "4f79db76fb61942bc2c5d4779c3715c6f847785e54221186be5c3211b7e80c8b",
        "5254be649e3c455f3245e5ba24f43d224a58d626134b94712d793d86bbfa371a",
        "5330967e5a4f3653627faed93de7923a9d2a15c411b5fa886f063bb08fdcb232",
        "5954e575ea08b1e0bb87efac559429dff44bb2676404b882fbd68072355441cf",
        "6220b7602208fc7ab147f1b59b9c695092747b12fe15b64e42ad92e237673f1d",
        "63b53ab6a48912440be9d1a479b34a344b0a238da33efaa052067d1b07add33b",
        "63b859caface6d1324daef3b92bdb412938555d04985e3e014d96206485856c7",
        "64f6b5c1af564833da41b85029754909b94ea8d91dee7745fc2c3676e60f9666",
        "69b457102a8049c7c42902d4a808116ad23fe13f1607ac5ebda9f47782bdea98",
        "6a6dfdef9ac8615498b1b22160815f4d447bdd768419d9e933840a5e35870c80",
        "6abf02abae5f2beb9039561c2a06d06891d8e5db04fd4a3aa64129c9345e7443",
        "6ac4c3ecafc39af49f38e5eeaa1b428976186af6609e993eda7304815dfb1857",
        "6acbd277e10301bc19c1519610d0c46dcc17eb94c9335d06010eb76307e09028",
        "6c07420630f084494d37c2e8a2a8704dfa6dd4dee0b544d533e6c9a39f1ea75f",
        "6e3ddc3031eb20435d260f87627169faaac2366b09ded4dfdc30c1a4fd55a8ce",
        "704c9711af39d499d55f540a8d30c2b6a12a79a4e91e1ec8e6672d46f57aca3d",
        "705d421489bfdc8ca20786e73532f6297e551955364b8a0978f93606d0a5f0e3",
        "7146a01c18ee9d12341e00011c6f5a7551f292bb422b63b47702ffc105750829",
        "71d0f0fd60ffd8e031e5a02853ed620de96c8e19208b844e547fcdc564e3f031",
        "72a9161dd0a5dc6eb042e1c01cf68a139edb82e32130458b00113724df09c643",
        "734710ef6e5fc4d6f538d7f1e02586554495e9d903fe4ca8c34737367cc5d1c9",
        "73fe394f4a64a87da95f8e62f3ecbc9a377f3563e118d04cd4be41bdb6619ca2",
        "7581247322453a68f6b32af6ffb937ae9750fd80ac0b36317c540c1fced45698",
        "7819a34bb942b91f505ff3a2e7601d36d5b8d1bb8cced243c5c30437b9261d3c",
        "783269d91dbaf813a9d686e0a4603eb9508ccb6a328f14566ebe6a85ef94ca03",
        "7c3d6b515230d1b383834cc1d6d0d24c7af012c07d822d26d5b80f07bea6515d",
        "7e93acf4210a87710ded4ee7b6375f5d58e490929dd56d0d9e6a8650d6c11066",
        "8082015e926eb379853169edc13ce0bf94b7ef23f1fb3a48244177303bccb48e",
        "81eda60e966fbd41c245748073525e4107f4e70c007124b99a67fd6bef11884b",
        "8214e9f6b0cd2cd66d249d05a31de55c7ca537aa3bae725b317d7f21d14d99db",
        "82c87f87ed0c734fa6a31637d80649a063f9c4f893cb8215b2ae031233f49e95",
        "84a66a88ab781f060992f5ec7332b06c81cc3f1d3948b2b32b599a9c46b2de79",
        "865be6b7af0dc27dd4d93cb49abce4b5934f97dfe5a82b3ee314b6f51f52e2ee",
        "8704a000540e7ce2f7cb132ed3682c514ceb534addf4e4322dda1e414c74cb9b",
        "888c151faf24030826463ed3f11c4225850b19c341d59ef0129601f4abbb8dc7",
        "8c0e4f0977a72d9800a3fb8c775ce2580b35ec31016af2591602b2641b45068d",
        "8d916dd8edc2af7dbe848d09b23926a9aa38eebafab2dcc2ebbcc29d1e4e3327",
        "8e373d0ba6288463ca727a4ccbdcce8d2a96308f05c5089da57d00e865de7e5d",
        "8ea306fc3959dae795de192f56f4eaeeaedf1efd515268f1c9fd31d89c87869f",
        "905d63bfe24968824af0048688c8b0a696196162f157ae767729e69ca9c6ed77",
        "939a499544e2dcabd28ea512d27ad2f720a8d8c2803b4d6c8c3d09943c192b36",
        "93b72b106961630b368de9506402a3174ac440b5a8fe3e32f55e114c50425b05",
        "95ac9ce63a15ef420afae6809b0f7177c4034ffa1783166d6086f7a4342c0c7c",
        "96195f9cdd735c382f8455cea5e469a96dc109331bdce399a1fa31760efa619d",
        "96c9616cb9877894fbf0451dcb7ac5fa3c3bc6c0fb69204ddc857352cdfda1d4",
        "9740ba46618461964e58e014e78cd4c68ee004d1ad9986bab549d2d5f7bb0cfe",
        "975409ff5e27ae3d220abe8528b3c0977023c5e75f1f3c21cd39a196494b8e2a",
        "97a74a0b4796e947376454a327d53f1a3af4e9d376c12fcbe01bde33eb19b677",
        "994b9044445c2a593f2e8985859bd5d10419831e4e10061260e7b0800d5bc2e9",
        "9ccbf26b6d3f01e9b06393a94ffb269eecb5f99125e2a95e62eeb05676b16ab2",
        "9ecefe105346a496096607501bbffda98a4deec3c3e1955b93e52315a2a7aa3b",
        "a21b2532f587be6377cc2826a024854e69d12bbd3715e06810877a786064c73a",
        "a45cb7bd8dc492379b6ed7a20fde79d3dfb486d6ac6700257aa129394c2aad01",
        "a488cf219ecbbca3a273f3fd81ba427f2d3743750f7c0d7307aa7656a6c33bc6",
        "a639c6b58d4c126bbff22df7d9555d74eea3474c320012f20c33aa8029b353db",
        "a78943915013a918ee1b600886935706f82a3ed0a7d0a8f9f54dd9fb7b29d849",
        "ab6fa05168e48a8d3acac0099762155380e4555b783488cd58d7299965611897",
        "adf7de974a3b4c145a10348411bebd6313ddcf375eb49e688e96fd5dce4c16cc",
        "af8e2a358ee48e55202a0142bea9ff312b5d47122e82963fd2796bb0c201c7f3",
        "b2630d1222b0c03305ab997d2cc2a33ebade2985c04cf24a233fcc4faacc7ab7",
        "b54914f87609e47db0e9485d57c464fc48dc92e7bfd793aa44f479f5ca2d4974",
        "b59386df13c5e0d0d4560925de9a0b28fad470f94046711bd918fbd118e6520e",
        "b5b66394a68f1bee3b64da7b59ef95ab8ee9f8359f02a82297942cec87a54b96",
        "bd42a8a14f77c78a5c52345f5ffe6f609117a70c01b8fb5ea4948f6b3445826e",
        "bdeef3d0a88dd11fe678efe73b7b227058c479af749eda994ba0dfe7c6f6a56d",
        "bf83dc94683e00c0cda6cff22ab88f4c283e6ff48fb84b09032b18eaa9f4c85e",
        "c0a7dd767d944a7cc5331324356bebf6989ccd766bd100b25a8c9a3d56fa46c5",
        "c1ded2dbb9301a1492f04600ad147ba2fea061376424d31a9be9a0b5124f96e6",
        "c38d476799e22c2409b067acdd56b55db5b244f22060ab825c124e4649a5bb24",
        "c8faed1278f7795dc537313a2cc238caa579b31a98122d13ea1c5fd997c9fc5b",
        "cc315335d2c65ffe50193a230801f9dc9762982e13d5c1e31547bf3dd8eb0aae",
        "ccc19351764f2a067371d96c971db0d439a4bce4f494605ed9d21e2f2ea2b16a",
        "d21badd6ac5fca5cbd4a9ba6b98c123f919f0b2d3b358fa4bae0a7ce7f246a87",
        "d29e27bf2a9cecc03dcc00380d8630f677cf68d1f2e2911976332685b11d3312",
        "d2b48c8bb05e57ae1fc86f424d820a239820c9fdaac9519b30c4ad1b60e6cfab",
        "d2ea8fc4e3188a8ef79b996cdf6c2eeec4d5bab70b12b8bbc5f454f22776b55c",
        "d49726a39018ff574fdf0d22b47ac6aa67d9af70aacae1c857d803bf0425f1cc",
        "d6007ad7b8f31849f81243984e3430ac1d37fe93f018e26060fe53837058faea",
        "d74a8f7648089a77b50ecf56967be44dad3c524c2eb6d817ff8ca826df5e41c4",
        "db581a2f892c092b0057b18351aa17eed7e46308b7f75ba2b0df72d691999090",
        "de882b64a0ec9eb5b185851a516483a0248ecd983550927ebd58c0e88d42fc42",
        "df36305522af6ceac497384c8fb2ddd22d4ad04fcbae2e165e853627beca885c",
        "e11ebde305802559fea1e7004085a1b6a4e90687360736e9836dd6447ab3e844",
        "e31907c246c5b61663efe65d87a8575bb1fffed68af4e85d3938658e8a248461",
        "e643f950ddd3c5f418d00cf784ce4c0b0674899bee82a60b0093e3b2417e59c4",
        "e7440f392f1ca9c0e597e95691e5b08e740197ede5fa03dea6b10d1cc82aa683",
        "e947388e23648aaef85a0a50c02b97fcf7cae2cc95e95f8108d2d7da632ed108",
        "ebc9d8f8193a7888ec679688db89833f8bb04849c879cd3b7ac601ddcd6b00ce",
        "ee6296eb0e2969761549f6531110a78b2aa89094b28694600840f425f32876f6",
        "f24b165bb0eba428ecfe80e384cb4b92eb456787417f34da4468394a16db36b7",
        "f39ef3cc038e22a9135cb42fc014207d49fc0f1ec8c93bfaa033d0ae32061741",
        "f56a7d2cb188b4e1cba60153715f1e4f344a5cb355cbf218b598e6698a8a2c07",
        "f8aef27915f424b6e49edc789bbde0f593f6dfa94ca442aec8e8cee9a3b80b91",
        "fc1a7dad5635fd8596d5bc19f4c4b3abb626c68c9367784873a79bbfc29f1fae",
        "fd5c643fc29b9597cbc7a8237f61495e297db5612267c7fbac46869f1d8848ad",
        "fe2ee7dd2836af76b59d1739705f63da9ea6616d5277de2c735a21ac66abdf32",
    }
)

FIRST_NAME_HASHES: frozenset[str] = frozenset(
    {
        "05c5f6ef21bb02be3db6d066c4e822e07ef75b2f85241333a7cba5dec74e2d33",
        "07126d67510f02dbedca50004400fee53cf7e5ebbf96df8e5662558ca40fd63c",
        "0a737d206eea7fe369977d4e551651404703ce510615cc3d92648b00b44a3ab0",
        "24d9c7b19834aa278ce9609a00d156f61bd83184c2634d1c2b1d6aaa9c235b3a",
        "2b9c15eb89efe0e0ad2c7b3279bf92247e35e4a92160ca8678d974e11a10ac6b",
        "2ef5514bccb5f13a5e26b5b6b290eba1c25abff1f884dfcfd1f2ad5fad224369",
        "31059d093e280fc15da440c5f534c4f6a680d7e7322e85baa843c12237ffb396",
        "3a6d64c24cf80b69ccda37650406467e8266667b50cfd0b984beb3651b129ed7",
        "430775984fbaf10bfb3a4b9dd2af2d5b313987f03002e1a9351544749b0ca6a2",
        "443721509b79d08a341b7591ad6d7543807f4a581594895f9e2ff9089cdf72c9",
        "47581662bb1389662bb78c6547085283b47d3a1e348cca686f58377ef6124a1e",
        "498acad3f3bdb27e004e64d0a53877d0ccdf3dcfc475bcb976d64c65d6cdbfed",
        "49915e0d7d4b402e3017d010bc1c0e83cac6c797d6c16e66340fe3268693a6a1",
        "4eb67d2e7b48447905e436286cbf98f1af43485f3245a11e1e0a969b57c3c4af",
        "52518386cc33022de894fa0af047bd62666a63c2a6a6e86650e26955058c5acf",
        "55579b557896d0ce1764c47fed644f9b35f58bad620674af23f356d80ed0c503",
        "74744f0df5ee17034e3a391aa6bc1dc4d0db08f108a178d0198b177255ddb0c3",
        "7d2101c27a47299f152c8b81d60743fdd4e04d58e8e17b6caa5374db0dc29d5f",
        "81534ea73fe40623c058bbdb672e5b537112b5e6dc04e318c421d123e421e35f",
        "816638437745ad4d984d9bcc3a63cc28e73b44acaeb1e46291ea2f60a70e5559",
        "930a68a51a2db950f58fd3b0b5f1d76f56afaa16e12a418d71ca6c25f2390424",
        "94aec9fbed989ece189a7e172c9cf41669050495152bc4c1dbf2a38d7fd85627",
        "96ae70b8d33e99ddfc296056cfa24e900f17e5b355ea04c2c1ed889c6b412454",
        "9d291ab41d42f317e01c96f9bcbeb5aa1c0bda434d939e621ef83d501e71c53e",
        "9f8f85d036c72c70e596958eac400cd84d81a4f51d38073e3a8c5a1c216c82b6",
        "a6b78c3080f6587975d33fcd8eba2336896589dd379848f2228f4d067cc43e5a",
        "bf74e4a280affafbdf6692bc6a9f3d66b03094fbfb4a91589bc7fd6b32664fdb",
        "c25825aad60706e390753ad38994e3fda34a9d8c65ed8d0824b9da703368d114",
        "c5156f39a155dc85b08f47cc4181d75f21af40420e2c54283156c06c1d48e04c",
        "c6d17a3613b9914e68707fcfac8410f097643bc5840681bb533030d73cbb18f8",
        "cc967443070ab409a57a455dc8c2405a10b6ba96ca75f87bcf18ca368bb090a8",
        "d148bfa1bbe1ce4635f6bc654de582708d6efff9815b4ed28bd49b688830d194",
        "d38681074467c0bc147b17a9a12b9efa8cc10bcf545f5b0bccccf5a93c4a2b79",
        "d9a31550033ee07d6e14302eea8202c07c266b633154513d817ca8bb91de40d1",
        "e87f468fb9123488462f1a724eda5ea081994db60e5dddd442c6f7a58d801323",
        "f5a1971c2ef02a5ab2263f20895b14e7ac1607d21d28805ca8a7ed31ef802364",
        "f6270e1fc6dd263ad80ab60f2902a7525cac5c8d6025b3ca8711f9d3340f0655",
        "f83c31f2a4558a2223e1f58d52cd7b3c8e6cf42da50dfc455f61b02b454f7bb0",
    }
)


def words(text: str) -> list[str]:
    """Lower-case, diacritics-folded words of ``text`` (letters only).

    >>> words("Föreningarnas Hus, K-G:s möte 2023")
    ['foreningarnas', 'hus', 'k', 'g', 's', 'mote']
    """
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.findall(r"[^\W\d_]+", folded)


def name_hash(name: str) -> str:
    """SHA-256 of a name normalised like the text it is compared with."""
    return hashlib.sha256(" ".join(words(name)).encode("utf-8")).hexdigest()


def windows(text: str, sizes: tuple[int, ...] = (1, 2, 3)) -> Iterator[str]:
    """Every run of 1, 2 and 3 consecutive words, joined with single spaces."""
    tokens = words(text)
    for size in sizes:
        for i in range(len(tokens) - size + 1):
            yield " ".join(tokens[i : i + size])


def name_hits(text: str, hashes: frozenset[str]) -> set[str]:
    """The word windows of ``text`` whose hash is in ``hashes``."""
    return {w for w in windows(text) if hashlib.sha256(w.encode("utf-8")).hexdigest() in hashes}


def _files(dirs: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    for name in dirs:
        base = ROOT / name
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if not path.is_file() or SKIP_PARTS.intersection(path.parts):
                continue
            try:
                yield path, path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_the_name_lists_are_loaded() -> None:
    assert len(PERSON_NAME_HASHES) >= 100
    assert len(FIRST_NAME_HASHES) >= 30
    hashes = PERSON_NAME_HASHES | FIRST_NAME_HASHES
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)


def test_the_detector_finds_a_name_in_any_spelling() -> None:
    hashes = frozenset({name_hash("Testa Exempelsson-Åberg")})
    texts = [
        "ordförande TESTA EXEMPELSSON-ÅBERG (M)",
        "testa exempelsson aberg",
        "x\nTesta\tExempelsson Åberg.",
    ]
    for text in texts:
        assert name_hits(text, hashes) == {"testa exempelsson aberg"}, text
    assert name_hits("Testa Exempelssonska Åberg", hashes) == set()


@needs_real_map
def test_no_person_name_in_the_data_file() -> None:
    text = REAL_MAP.read_text(encoding="utf-8")
    hits = name_hits(text, PERSON_NAME_HASHES | FIRST_NAME_HASHES)
    assert not hits, f"data/forums.yaml names persons: {sorted(hits)}"


def test_no_person_name_in_data_code_pages_or_docs() -> None:
    found = {
        _rel(path): sorted(hits)
        for path, text in _files(NAME_DIRS)
        if (hits := name_hits(text, PERSON_NAME_HASHES))
    }
    assert not found, f"person names found: {found}"


@needs_real_map
def test_no_email_or_phone_number_in_the_data_file() -> None:
    text = REAL_MAP.read_text(encoding="utf-8")
    assert EMAIL.findall(text) == []
    assert PHONE.findall(text) == []


def test_no_email_or_phone_number_in_frontend_or_kartan() -> None:
    found = {}
    for path, text in _files(CONTACT_DIRS):
        hits = EMAIL.findall(text) + PHONE.findall(text)
        if hits:
            found[_rel(path)] = hits
    assert not found, f"e-mail addresses or phone numbers found: {found}"


@pytest.mark.parametrize(
    ("text", "email", "phone"),
    [
        ("Kontakta info@exempel.se", True, False),
        ("Ring 019-21 10 00", False, True),
        ("Ring 070-123 45 67 eller +46 70 123 45 67", False, True),
        ("sources: [000 L18, 001 §5 L208, 002 L27]", False, False),
        ("from: 2023-02-08, time: 16:00-18:00, 0000000", False, False),
    ],
)
def test_the_contact_patterns(text: str, email: bool, phone: bool) -> None:
    assert bool(EMAIL.search(text)) is email
    assert bool(PHONE.search(text)) is phone
