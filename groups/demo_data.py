"""The demo content: the six working groups of the page this site replaces.

Their descriptions and principles are worded as on that page, with its typos
corrected ("sign-up" as a verb, "class- the", "well- being", "thestates").
"""

HOME = {
    "title": "State Legislators: Join a Working Group Today",
    "intro": [
        "Progressive States Network is building and expanding national state legislative working groups to act as a conduit for educating and equipping state legislators with innovative progressive policies, proactive and effective messaging, and providing opportunities for legislators to engage in cross state exploration of “best practices” within their specific policy area.",
        "Working groups will support and advance strong state level legislative campaigns as well as serve as the organizing entities for advancing compelling national messaging and action campaigns. Working Groups hold the potential for state law makers and allies to take multi-state actions to promote a unified message and to effectively advance a common sense policy agenda.",
    ],
}

INDEX = {
    "title": "Working Groups",
    "intro": [
        "State legislators: join a working group today. Read each group's principles, "
        "then sign up for every group whose principles you share.",
        "You must sign up with your personal e-mail due to the nature of the strategic planning documents that are available to members.",
    ],
}

JOIN = {
    "title": "Join a working group",
    "intro": [
        "State legislators and their staff can join as many working groups as they like. "
        "Tell us about yourself, tick the groups whose principles you share, and confirm "
        "your e-mail address.",
        "You must sign up with your personal e-mail due to the nature of the strategic planning documents that are available to members.",
    ],
    "thank_you_text": [
        "Thank you for your interest in the working groups.",
    ],
    "confirmed_text": [
        "Thank you for confirming your e-mail address.",
    ],
}

WORKING_GROUPS = [
    {
        "title": "Economic Security Working Group",
        "slug": "economic-security",
        "summary": "Legislators working for an economy that expands opportunity and protects the American Dream for every worker and family.",
        "principles_intro": "To ensure that end, we support the following policy principles:",
        "description": [
            "The members of the Economic Security Working Group of Progressive States Network believe that good public policy is rooted in the collective expansion of economic opportunity beyond the small numbers of individuals and multi-national corporations that have increasingly dominated our economy over the past three decades, and in public services and assets that are controlled by taxpayers rather than by those same individuals and corporations. Our goal is to truly protect the American Dream for all Americans, regardless of the color of their skin, how much money they have, what gender they are, where they were born or who they love. By expanding access to the vital elements of our society proven to create and sustain a vibrant middle class: the right of workers to come together and form a union, wages and benefits sufficient to keep full time workers out of poverty, businesses that are committed to the well-being of their employees, customers and communities, robust and sustainable public services – we work to create and protect a sustainable economy that benefits all American families and increases the well-being and dignity of every worker.",
        ],
        "principles": [
            "Increasing the minimum wage",
            "Encouraging employers to provide paid sick days and paid family leave",
            "Encouraging the purchase of products made and developed in the United States",
            "Protecting and enhancing policies that provide for secure retirements for public and private sector workers",
            "Investing in infrastructure development that creates good paying jobs and supports local businesses",
            "Rewarding businesses that invest in their communities and their workers",
            "Protecting the right of workers to assemble and form unions",
            "Regulating predatory lending and other practices that target low income consumers",
            "Ending any practice that discriminates against workers due to their ethnicity, gender, age, marital status or sexual orientation",
            "Maintaining public control of public services and assets",
        ],
    },
    {
        "title": "Immigration Working Group",
        "slug": "immigration",
        "summary": "State legislators supporting pro-immigrant policies at the state and federal level, including comprehensive immigration reform.",
        "principles_intro": "We believe that:",
        "description": [
            "The National Immigration Working Group is composed of state legislators from across the country committed to supporting pro-immigrant policies at the state and federal level including comprehensive immigration reform.",
        ],
        "principles": [
            "Our communities are richer when we give new immigrants the opportunity to contribute and participate fully in our society.",
            "Our focus should be on raising wage standards for all workers not punishing a small subset of immigrant workers.",
            "No members of our community should be fearful of reporting crimes or aiding the investigations of the police.",
        ],
    },
    {
        "title": "Tax Fairness Working Group",
        "slug": "tax-fairness",
        "summary": "Fair state tax policies that raise enough revenue to fund education, health care and public safety.",
        "principles_intro": "",
        "description": [
            "The Working Group of State Legislators for Tax Fairness works at the state level to promote fair tax policies that collect enough revenue to fund critical state programs, such as education, health care, and public safety. In addition, the Working Group works to influence federal policy that affects states, such as federal deficit reduction strategies and streamlined sales tax collection.",
            "Legislators in the Working Group work together to successfully move strategic tax fairness legislation and explore innovative policy solutions to raise revenue. Through the Working Group, legislators from across the nation engage with experts, partners, and colleagues to share best practices on how to advance progressive tax reform in their respective states.",
        ],
        "principles": [],
    },
    {
        "title": "Public Education Working Group",
        "slug": "public-education",
        "summary": "State legislative leaders advancing public education and defending it against policies that undermine students, families and communities.",
        "principles_intro": "The members of the Working Group believe:",
        "description": [
            "The National Working Group on Public Education is a coalition of state legislative leaders committed to advancing public education and defending against policies that undermine the needs of students, families, and communities.",
        ],
        "principles": [
            "The institution of public education has a unique importance for individuals, communities, and American society.",
            "Strong public schools dedicated to teaching all children are America’s best hope for the future.",
            "In order to provide quality schools for all children in all communities using public revenues, government must play a leading role in adequately funding, regulating, and managing public schools.",
            "Public schools can be strengthened by implementing positive reforms in all school districts and adhering to time-tested principles such as being open to all children, free for all families, welcoming of diversity, adequately funded, governed by locally elected boards, and providing equal opportunities to learn for students.",
        ],
    },
    {
        "title": "Health Reform Working Group",
        "slug": "health-reform",
        "summary": "Moving health reform forward in the states and nationally, building on the Affordable Care Act.",
        "principles_intro": "",
        "description": [
            "The Working Group of State Legislators for Health Reform aims to move health reform forward in the states and at the national level. The group was formed in 2009 to push Congress to pass comprehensive health reform that aligned with progressive principles.",
            "Since the signing of the Affordable Care Act in 2010, the Working Group has focused on implementing the Affordable Care Act, on advancing progressive and innovative health reform policies in each of their states, and on allowing legislators to benefit from the expertise of the collective group in advancing health reform at the state level.",
        ],
        "principles": [],
    },
    {
        "title": "Election Reform Working Group",
        "slug": "election-reform",
        "summary": "A new group for state legislators who want to expand voting rights in their state.",
        "principles_intro": "",
        "description": [
            "The Working Group of State Legislators for Election Reform is a newly created group formed to benefit state legislators who are interested in expanding voting rights in their state.",
            "The working group will connect legislators to experts on election reform from many organizations, assist legislators in working to develop and advance strategic campaigns, and provide additional technical assistance where needed. Sign up below for the Working Group of State Legislators for Election Reform, and we will be in touch soon!",
        ],
        "principles": [],
    },
]
